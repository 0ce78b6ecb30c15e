/**
 * docs/sync-protocol.md, "QR transfer of a member's part": the device-key bodies parse with the
 * protocol's schemas, and the test vector (key pair, signed part, canonical text, QR codes) is
 * what the code makes and accepts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceKeyRegisteredSchema, registerDeviceKeySchema, teamKeysResponseSchema } from './protocol/device-keys';
import { keyIdOf, publicJwkSchema, signedBytes, signedPartSchema, signPart, verifyPartSignature, type SignedPart } from './team-part';
import { ChunkCollector, partToChunks } from './team-part-transport';

const doc = readFileSync(new URL('../../../docs/sync-protocol.md', import.meta.url), 'utf8');

function block(tag: string): string {
	const match = new RegExp('^```\\w+ ' + tag + '\\n([\\s\\S]*?)^```$', 'm').exec(doc);
	if (!match) throw new Error(`docs/sync-protocol.md has no block tagged ${tag}`);
	return match[1]!.trim();
}

describe('docs/sync-protocol.md, QR transfer', () => {
	it('shows device-key bodies that parse', () => {
		expect(registerDeviceKeySchema.safeParse(JSON.parse(block('request:device-keys'))).success).toBe(true);
		expect(deviceKeyRegisteredSchema.safeParse(JSON.parse(block('response:device-keys'))).success).toBe(true);
		expect(teamKeysResponseSchema.safeParse(JSON.parse(block('response:team-keys'))).success).toBe(true);
	});

	it('gives a test vector the code reproduces', async () => {
		const privateJwk = JSON.parse(block('qr-vector:key')) as JsonWebKey;
		const publicJwk = publicJwkSchema.parse({ kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y });
		const part = signedPartSchema.parse(JSON.parse(block('qr-vector:part')));
		expect(part.keyId).toBe(await keyIdOf(publicJwk));
		expect(new TextDecoder().decode(signedBytes(part))).toBe(block('qr-vector:canonical'));
		expect(await verifyPartSignature(part, publicJwk)).toBe(true);
		// The private key of the vector signs afresh: another signature, which verifies too.
		const privateKey = await crypto.subtle.importKey('jwk', privateJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
		const { signature: _, ...unsigned } = part;
		expect(await verifyPartSignature(await signPart(unsigned, privateKey), publicJwk)).toBe(true);

		const codes = block('qr-vector:codes').split('\n');
		expect(await partToChunks(part)).toEqual(codes);
		const collector = new ChunkCollector();
		for (const code of [...codes].reverse()) collector.add(code);
		expect(await collector.assemble()).toEqual({ ok: true, part });
	});

	it('uses the vector part as the relayPart example', () => {
		const example = JSON.parse(block('request:relayPart')) as { mutations: { args: SignedPart }[] };
		expect(example.mutations[0]!.args).toEqual(JSON.parse(block('qr-vector:part')));
	});
});
