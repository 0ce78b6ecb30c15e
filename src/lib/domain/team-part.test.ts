import { describe, expect, it } from 'vitest';
import {
	authenticatePart,
	exportPublicJwk,
	generateDeviceKeyPair,
	keyIdOf,
	signPart,
	signedPartSchema,
	verifyPartSignature,
	type MemberKey,
	type SignedPart,
	type UnsignedPart
} from './team-part';
import { ChunkCollector, partToChunks, parseChunk } from './team-part-transport';

const inspectionId = '019a0000-0000-7000-8000-000000000001';
const lead = '019a0000-0000-7000-8000-0000000000a1';
const binh = '019a0000-0000-7000-8000-0000000000b2';
const chi = '019a0000-0000-7000-8000-0000000000c3';
const record = { inspectionId, leadUserId: lead, memberUserIds: [lead, binh, chi] };

async function member(userId: string) {
	const pair = await generateDeviceKeyPair();
	const publicJwk = await exportPublicJwk(pair.publicKey);
	const key: MemberKey = { userId, keyId: await keyIdOf(publicJwk), publicJwk };
	return { pair, key };
}

function unsigned(userId: string, keyId: string, count = 2): UnsignedPart {
	return {
		format: 'ktmc-part/1',
		inspectionId,
		userId,
		keyId,
		createdAt: '2026-12-06T09:30:00.000Z',
		mutations: Array.from({ length: count }, (_, i) => ({
			mutationId: `019a0000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
			createdAt: '2026-12-06T09:12:00.000Z',
			schemaVersion: 1,
			name: 'answerItem' as const,
			args: {
				inspectionId,
				itemId: `B${i + 1}`,
				officerId: '',
				value: { kind: 'pass', result: i % 2 ? 'pass' : 'fail' },
				note: `Ghi chú số ${i + 1}: máy lấy số không hoạt động`,
				answeredAt: '2026-12-06T09:12:00.000Z',
				basedOn: null
			}
		}))
	};
}

describe('signed part', () => {
	it('verifies with the member’s key, and a key id is the key’s thumbprint', async () => {
		const b = await member(binh);
		const part = await signPart(unsigned(binh, b.key.keyId), b.pair.privateKey);
		expect(signedPartSchema.parse(part)).toEqual(part);
		expect(await verifyPartSignature(part, b.key.publicJwk)).toBe(true);
		expect(await authenticatePart(part, record, [b.key])).toEqual({ ok: true });
		expect(b.key.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(b.pair.privateKey.extractable).toBe(false);
	});

	it('refuses changed content, whatever the key order of the JSON', async () => {
		const b = await member(binh);
		const part = await signPart(unsigned(binh, b.key.keyId), b.pair.privateKey);
		const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(part).reverse()))) as SignedPart;
		expect(await verifyPartSignature(reordered, b.key.publicJwk)).toBe(true);
		const tampered = structuredClone(part);
		(tampered.mutations[0]!.args.value as { result: string }).result = 'pass';
		expect(await authenticatePart(tampered, record, [b.key])).toEqual({ ok: false, code: 'bad_signature' });
	});

	it('refuses a part signed with another key than the one it names (wrong key)', async () => {
		const b = await member(binh);
		const other = await generateDeviceKeyPair();
		const part = await signPart(unsigned(binh, b.key.keyId), other.privateKey);
		expect(await authenticatePart(part, record, [b.key])).toEqual({ ok: false, code: 'bad_signature' });
	});

	it('refuses a member who signs in another member’s name (wrong member)', async () => {
		const b = await member(binh);
		const c = await member(chi);
		// Chi signs with her own key but names Bình: Bình has no key of that id.
		const forged = await signPart(unsigned(binh, c.key.keyId), c.pair.privateKey);
		expect(await authenticatePart(forged, record, [b.key, c.key])).toEqual({ ok: false, code: 'unknown_key' });
	});

	it('refuses a part for another record, from someone off the team, or from the trưởng đoàn', async () => {
		const b = await member(binh);
		const part = await signPart(unsigned(binh, b.key.keyId), b.pair.privateKey);
		expect(await authenticatePart(part, { ...record, inspectionId: lead }, [b.key])).toEqual({ ok: false, code: 'wrong_record' });
		expect(await authenticatePart(part, { ...record, memberUserIds: [lead, chi] }, [b.key])).toEqual({ ok: false, code: 'not_on_team' });
		expect(await authenticatePart(part, { ...record, leadUserId: binh }, [b.key])).toEqual({ ok: false, code: 'not_on_team' });
		const smuggled = unsigned(binh, b.key.keyId);
		smuggled.mutations[1]!.args.inspectionId = lead;
		const signedSmuggled = await signPart(smuggled, b.pair.privateKey);
		expect(await authenticatePart(signedSmuggled, record, [b.key])).toEqual({ ok: false, code: 'wrong_record' });
	});

	it('refuses photos and unknown fields in the part itself', async () => {
		const b = await member(binh);
		const part = await signPart(unsigned(binh, b.key.keyId), b.pair.privateKey);
		expect(signedPartSchema.safeParse({ ...part, mutations: [{ ...part.mutations[0], name: 'attachPhoto' }] }).success).toBe(false);
		expect(signedPartSchema.safeParse({ ...part, extra: 1 }).success).toBe(false);
	});
});

describe('QR transport', () => {
	async function signedChunks(count: number, chunkChars?: number) {
		const b = await member(binh);
		const part = await signPart(unsigned(binh, b.key.keyId, count), b.pair.privateKey);
		return { part, key: b.key, chunks: await partToChunks(part, chunkChars) };
	}

	it('carries a part through chunks read in any order and repeated', async () => {
		const { part, chunks } = await signedChunks(60);
		expect(chunks.length).toBeGreaterThan(3);
		for (const text of chunks) expect(text.length).toBeLessThanOrEqual(460);
		const collector = new ChunkCollector();
		const shuffled = [...chunks].reverse();
		expect(collector.add(shuffled[0]!).status).toBe('added');
		expect(collector.add(shuffled[0]!).status).toBe('repeat');
		for (const text of shuffled.slice(1)) collector.add(text);
		expect(collector.complete).toBe(true);
		expect(await collector.assemble()).toEqual({ ok: true, part });
	});

	it('refuses a sequence with a missing code, and says which', async () => {
		const { chunks } = await signedChunks(30, 200);
		const collector = new ChunkCollector();
		for (const text of chunks.filter((_, i) => i !== 1)) collector.add(text);
		expect(collector.complete).toBe(false);
		expect(collector.missing()).toEqual([2]);
		expect(await collector.assemble()).toEqual({ ok: false, code: 'incomplete' });
	});

	it('refuses an altered chunk by the hash of the whole', async () => {
		const { chunks } = await signedChunks(30, 200);
		const collector = new ChunkCollector();
		const altered = chunks[1]!.slice(0, -3) + (chunks[1]!.endsWith('AAA') ? 'BBB' : 'AAA');
		for (const text of [chunks[0]!, altered, ...chunks.slice(2)]) collector.add(text);
		expect(await collector.assemble()).toEqual({ ok: false, code: 'hash_mismatch' });
		expect(collector.add(chunks[1]!)).toEqual({ status: 'refused', code: 'chunk_mismatch' });
	});

	it('refuses a re-hashed, altered part by its signature', async () => {
		const { part, key } = await signedChunks(3);
		const altered = structuredClone(part);
		altered.mutations[0]!.args.note = 'Đã sửa';
		const collector = new ChunkCollector();
		for (const text of await partToChunks(altered)) collector.add(text);
		const assembled = await collector.assemble();
		expect(assembled.ok).toBe(true);
		if (assembled.ok) expect(await authenticatePart(assembled.part, record, [key])).toEqual({ ok: false, code: 'bad_signature' });
	});

	it('refuses codes of another transfer, other apps and other versions', async () => {
		const first = await signedChunks(10, 100);
		const second = await signedChunks(10, 100);
		const collector = new ChunkCollector();
		collector.add(first.chunks[0]!);
		expect(collector.add(second.chunks[1]!)).toEqual({ status: 'refused', code: 'other_transfer' });
		expect(collector.add('https://example.org/verify')).toEqual({ status: 'refused', code: 'not_a_part_code' });
		expect(collector.add(first.chunks[1]!.replace('KTMC1/', 'KTMC2/'))).toEqual({ status: 'refused', code: 'unsupported_version' });
		expect(parseChunk(first.chunks[0]!.replace('/1/', '/0/'))).toEqual({ ok: false, code: 'not_a_part_code' });
		expect(collector.received).toBe(1);
	});

	it('refuses a well-hashed sequence that is not a part', async () => {
		const { chunks } = await signedChunks(2);
		const collector = new ChunkCollector();
		const [, , , hash] = chunks[0]!.split('/');
		// The right hash of bytes that are no deflated part: the hash alone says nothing about content.
		const garbage = new Uint8Array([1, 2, 3, 4]);
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', garbage));
		const b64 = (bytes: Uint8Array) =>
			btoa(String.fromCharCode(...bytes))
				.replace(/\+/g, '-')
				.replace(/\//g, '_')
				.replace(/=+$/, '');
		expect(hash).not.toBe(b64(digest));
		collector.add(`KTMC1/1/1/${b64(digest)}/${b64(garbage)}`);
		expect(await collector.assemble()).toEqual({ ok: false, code: 'unreadable' });
	});
});
