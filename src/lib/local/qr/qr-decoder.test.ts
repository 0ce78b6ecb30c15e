import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportPublicJwk, generateDeviceKeyPair, keyIdOf, signPart } from '$lib/domain/team-part';
import { ChunkCollector, partToChunks } from '$lib/domain/team-part-transport';
import { qrModules } from './qr-modules';
import { configureQrDecoder, decodeQrTexts } from './qr-decoder';

/** A QR code drawn as the sending screen draws it, `scale` pixels a module, as a PNG file. */
async function png(text: string, scale = 4): Promise<Uint8Array> {
	const { size, dark } = qrModules(text);
	const pixels = Buffer.alloc(size * size * scale * scale, 255);
	for (let y = 0; y < size * scale; y++)
		for (let x = 0; x < size * scale; x++) if (dark(Math.floor(x / scale), Math.floor(y / scale))) pixels[y * size * scale + x] = 0;
	return new Uint8Array(
		await sharp(pixels, { raw: { width: size * scale, height: size * scale, channels: 1 } })
			.png()
			.toBuffer()
	);
}

describe('QR decoder (zxing-wasm) on the codes the sending screen shows', () => {
	beforeAll(async () => {
		const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
		configureQrDecoder({ wasmBinary: (await readFile(wasm)).buffer });
	});

	it('reads back every chunk of a real part, and the part reassembles', async () => {
		const pair = await generateDeviceKeyPair();
		const publicJwk = await exportPublicJwk(pair.publicKey);
		const inspectionId = '019a0000-0000-7000-8000-000000000001';
		const part = await signPart(
			{
				format: 'ktmc-part/1',
				inspectionId,
				userId: '019a0000-0000-7000-8000-0000000000b2',
				keyId: await keyIdOf(publicJwk),
				createdAt: '2026-12-06T09:30:00.000Z',
				mutations: Array.from({ length: 12 }, (_, i) => ({
					mutationId: `019a0000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
					createdAt: '2026-12-06T09:12:00.000Z',
					schemaVersion: 1,
					name: 'answerItem' as const,
					args: {
						inspectionId,
						itemId: `B${i + 1}`,
						officerId: '',
						value: null,
						note: `Ghi chú ${i}`,
						answeredAt: '2026-12-06T09:12:00.000Z'
					}
				}))
			},
			pair.privateKey
		);
		const chunks = await partToChunks(part);
		expect(chunks.length).toBeGreaterThan(1);
		const collector = new ChunkCollector();
		for (const chunk of chunks) {
			const texts = await decodeQrTexts(await png(chunk));
			expect(texts).toEqual([chunk]);
			collector.add(texts[0]!);
		}
		expect(await collector.assemble()).toEqual({ ok: true, part });
	});

	it('finds nothing in a picture without a code', async () => {
		const blank = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
			.png()
			.toBuffer();
		expect(await decodeQrTexts(new Uint8Array(blank))).toEqual([]);
	});
});
