import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db';
import { attachPhoto, createInspection } from '../inspection-actions';
import { header, tinyTemplate } from '../test-fixtures';
import { freshDbPerTest } from '../test-db';
import { uploadBlobsOfRound, uploadPendingBlobs } from './blob-upload';
import { RequestRefusedError, TransientSyncError, type SyncTransport } from './transport';

let db: AppDb;
freshDbPerTest('blob-upload', (fresh) => (db = fresh));

/** A server that takes `room` uploads, then answers each as `refuse` says; records what it was sent. */
function server(room: number, refuse: () => Error) {
	const sent: { sha256: string; inspectionId?: string }[] = [];
	const transport: SyncTransport = {
		push: () => Promise.reject(new Error('no push here')),
		pull: () => Promise.reject(new Error('no pull here')),
		hasBlob: () => Promise.resolve(false),
		putBlob(sha256, _bytes, _mime, _progress, inspectionId) {
			if (sent.length >= room) return Promise.reject(refuse());
			sent.push({ sha256, inspectionId });
			return Promise.resolve();
		}
	};
	return { transport, sent };
}

const quotaReached = () => new TransientSyncError('Daily upload quota reached', 3_600_000, 'blob_quota_user');

/** Three photos, hashes chosen so that hash order is the reverse of the order they were taken. */
async function threePhotos(): Promise<{ id: string; shas: string[] }> {
	const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
	const shas = ['c', 'b', 'a'].map((c) => c.repeat(64));
	for (const sha256 of shas) {
		const image = { bytes: new Uint8Array([1, 2, 3]).buffer, mime: 'image/jpeg' as const, sha256, width: 1, height: 1 };
		await attachPhoto(db, { inspectionId: id, itemId: 'A1', officerId: '', image });
	}
	return { id, shas };
}

describe('photo uploads under the server quotas', () => {
	it('go in the order the queue needs them, each naming its record', async () => {
		const { id, shas } = await threePhotos();
		const { transport, sent } = server(10, quotaReached);
		expect(await uploadBlobsOfRound(db, transport)).toEqual({ tried: 3, postponed: null });
		expect(sent).toEqual(shas.map((sha256) => ({ sha256, inspectionId: id })));
	});

	it('stop at the daily quota without failing a photo: the rest stay pending for a later round', async () => {
		const { shas } = await threePhotos();
		const { transport } = server(1, quotaReached);
		const outcome = await uploadBlobsOfRound(db, transport);
		expect(outcome.postponed).toMatchObject({ code: 'blob_quota_user', retryAfterMs: 3_600_000 });
		const blobs = await db.blobs.bulkGet(shas);
		expect(blobs.map((b) => [b?.uploaded, b?.failure])).toEqual([
			[1, undefined],
			[0, undefined],
			[0, undefined]
		]);
		// Callers of the old shape still get the error thrown.
		await expect(uploadPendingBlobs(db, server(0, quotaReached).transport)).rejects.toBeInstanceOf(TransientSyncError);
	});

	it('mark a photo over the per-record cap as refused for good, keep its bytes, and go on with the others', async () => {
		const { shas } = await threePhotos();
		let calls = 0;
		const { transport, sent } = server(10, () => new Error('unused'));
		const put = transport.putBlob.bind(transport);
		transport.putBlob = (...args) =>
			++calls === 2 ? Promise.reject(new RequestRefusedError(413, 'blob_quota_record', 'at most 300 photos per record')) : put(...args);
		expect(await uploadBlobsOfRound(db, transport)).toEqual({ tried: 3, postponed: null });
		expect(sent.map((s) => s.sha256)).toEqual([shas[0], shas[2]]);
		const refused = await db.blobs.get(shas[1]!);
		expect(refused).toMatchObject({ uploaded: 0, failure: { code: 'blob_quota_record', status: 413 } });
		expect(refused?.bytes.byteLength).toBe(3);
	});
});

describe('per-photo progress', () => {
	it('reports each photo waiting, then its own bytes while sending, then sent or failed', async () => {
		await threePhotos();
		const seen: string[] = [];
		const transport: SyncTransport = {
			push: () => Promise.reject(new Error('no push here')),
			pull: () => Promise.reject(new Error('no pull here')),
			hasBlob: () => Promise.resolve(false),
			putBlob(sha256, _bytes, _mime, progress) {
				progress?.(2);
				if (sha256 === 'b'.repeat(64)) return Promise.reject(new RequestRefusedError(413, 'blob_too_large', 'Too large'));
				progress?.(3);
				return Promise.resolve();
			}
		};
		await uploadBlobsOfRound(db, transport, (p) =>
			seen.push(p.items.map((i) => `${i.sha256[0]}:${i.state}:${i.sent}/${i.bytes}`).join(' '))
		);
		expect(seen[0]).toBe('c:waiting:0/3 b:waiting:0/3 a:waiting:0/3');
		expect(seen).toContain('c:sending:2/3 b:waiting:0/3 a:waiting:0/3');
		expect(seen.at(-1)).toBe('c:sent:3/3 b:failed:0/3 a:sent:3/3');
	});
});
