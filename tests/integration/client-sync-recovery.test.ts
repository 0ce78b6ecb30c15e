/**
 * The device's sync engine (Dexie on fake-indexeddb) against the real server code on SQLite and
 * PostgreSQL, in the three situations where it used to get stuck or keep a wrong value:
 * a server change skipped by a pull and then refused on push, a seq the server has already
 * seen from another queue, and a photo the server will never take.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AppDb } from '$lib/local/app-db';
import { clientId } from '$lib/local/outbox';
import { answerItem, attachPhoto, createInspection, submitInspection } from '$lib/local/inspection-actions';
import { pullChanges as devicePull, syncOnce, uploadPendingBlobs } from '$lib/local/sync/sync-engine';
import { syncCounts } from '$lib/local/sync/sync-queries';
import { TransientSyncError, type SyncTransport } from '$lib/local/sync/transport';
import { header, markRestNotApplicable, signBoth } from '$lib/local/test-fixtures';
import { defaultTemplate } from '$lib/templates';
import type { Actor } from '$lib/server/sync';
import { jpegImage, pngImage } from './support/factories';
import { serverTransport, type ServerTransportOptions } from './support/server-transport';
import { useSyncContext, type SyncTestContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

async function syncUntilDrained(db: AppDb, transport: SyncTransport, maxRounds = 20) {
	for (let round = 0; round < maxRounds; round++) {
		try {
			await syncOnce(db, transport);
			if ((await db.outbox.where('state').equals('pending').count()) === 0) return;
		} catch (err) {
			if (!(err instanceof TransientSyncError)) throw err;
		}
	}
	throw new Error(`outbox did not drain in ${maxRounds} rounds`);
}

const clientIdOf = (db: AppDb) => clientId(db);

async function receiptsOf(ctx: SyncTestContext, clientId: string) {
	const rows = await ctx.db
		.selectFrom('mutation_receipts')
		.select(['mutation_id', 'seq', 'result'])
		.where('client_id', '=', clientId)
		.orderBy('seq')
		.execute();
	return rows.map((r) => ({ mutationId: r.mutation_id, seq: Number(r.seq), status: (JSON.parse(r.result) as { status: string }).status }));
}

function image(size: number) {
	const img = jpegImage(size);
	return { bytes: img.bytes.buffer, mime: 'image/jpeg' as const, sha256: img.sha256, width: 10, height: 10 };
}

describe.each(testDatabases)('device sync recovery on $name', (kind) => {
	const ctx = useSyncContext(kind);
	let n = 0;
	const device = () => new AppDb(`client-sync-recovery-${kind.name}-${++n}-${Date.now()}`);
	const transport = (actor: Actor, options?: ServerTransportOptions) => serverTransport(ctx, actor, options);

	it('a server change skipped by a pull while the device had an edit pending is restored once that edit is refused', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await createInspection(a, { header, template: defaultTemplate, createdBy: actor.userId });
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await syncUntilDrained(a, transport(actor));

		// Device A, offline: a photo, then a new answer to A3.
		const photo = image(4096);
		await attachPhoto(a, { inspectionId: id, itemId: 'A3', officerId: '', image: photo });
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'fail' }, note: 'từ A' });
		// The photo's bytes reach the server, and the server loses them again before the push.
		await uploadPendingBlobs(a, transport(actor));
		expect(await ctx.blobs.remove(photo.sha256)).toBe(true);

		// Meanwhile device B (same inspector) answers A3 otherwise.
		const b = device();
		await devicePull(b, transport(actor));
		await answerItem(b, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'na', reason: 'not_observed' }, note: 'từ B' });
		await syncUntilDrained(b, transport(actor));

		// A's push is deferred (missing_blob) and the pull that follows skips B's answer, whose
		// row A still has an edit pending for, while moving the cursor past it.
		const deferred = await syncOnce(a, transport(actor));
		expect(deferred.deferred).toBeGreaterThan(0);
		expect((await a.answers.get([id, 'A3', '']))?.note).toBe('từ A');

		// B submits the record; A's next round uploads the bytes again and both its edits are refused.
		await answerItem(b, { inspectionId: id, itemId: 'A4', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await markRestNotApplicable(b, id, defaultTemplate);
		const png = pngImage(300);
		await signBoth(b, id, defaultTemplate, 'refuse', { bytes: png.bytes.buffer, sha256: png.sha256 });
		await submitInspection(b, id, defaultTemplate);
		await syncUntilDrained(b, transport(actor));
		await syncUntilDrained(a, transport(actor));
		expect((await a.outbox.where('state').equals('rejected').toArray()).map((e) => e.mutation.name)).toEqual(['attachPhoto', 'answerItem']);

		const server = await ctx.db
			.selectFrom('answers')
			.selectAll()
			.where('inspection_id', '=', id)
			.where('item_id', '=', 'A3')
			.executeTakeFirstOrThrow();
		const local = await a.answers.get([id, 'A3', '']);
		expect(local?.note).toBe('từ B');
		expect(local?.note).toBe(server.note);
		expect(local?.value).toEqual(JSON.parse(String(server.value)));
		expect((await a.inspections.get(id))?.status).toBe('submitted');
		a.close();
		b.close();
	});

	it('a seq the server already used for another mutation moves the queue to a new clientId, renumbered, and nothing is lost', async () => {
		const actor = ctx.newInspector();
		const a = device();
		await createInspection(a, { header, template: defaultTemplate, createdBy: actor.userId });
		await syncUntilDrained(a, transport(actor));
		// Device B was set up from a copy of A's database (a restored backup): same clientId, and
		// its own seq counter starting where the copy was — seq 1 is taken on the server.
		const b = device();
		const shared = await clientIdOf(a);
		await b.meta.put({ key: 'clientId', value: shared });
		const id = await createInspection(b, { header, template: defaultTemplate, createdBy: actor.userId });
		await answerItem(b, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await answerItem(b, { inspectionId: id, itemId: 'A1', officerId: '', note: 'ghi chú' });
		const made = (await b.outbox.toArray()).map((e) => e.mutation.mutationId);

		await syncUntilDrained(b, transport(actor));

		const renamed = await clientIdOf(b);
		expect(renamed).not.toBe(shared);
		expect(await b.outbox.count()).toBe(0);
		const receipts = await receiptsOf(ctx, renamed);
		expect(receipts.map((r) => [r.mutationId, r.seq, r.status])).toEqual(made.map((m, i) => [m, i + 1, 'applied']));
		// A's queue on the server is untouched.
		expect((await receiptsOf(ctx, shared)).map((r) => r.seq)).toEqual([1]);
		expect(
			(await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', id).orderBy('item_id').execute()).map(
				(r) => r.item_id
			)
		).toEqual(['A1', 'A3']);
		expect((await b.meta.get('nextSeq'))?.value).toBe(made.length + 1);
		a.close();
		b.close();
	});

	it('a photo the server refuses as too large is marked failed with its message, and every other change still syncs', async () => {
		const actor = ctx.newInspector();
		// The server (or the reverse proxy in front of it) takes less than the app allows itself.
		const uploadLimit = 64 * 1024;
		const a = device();
		const id = await createInspection(a, { header, template: defaultTemplate, createdBy: actor.userId });
		const small = image(4096);
		const large = image(uploadLimit + 1024);
		await attachPhoto(a, { inspectionId: id, itemId: 'A3', officerId: '', image: large });
		await attachPhoto(a, { inspectionId: id, itemId: 'A3', officerId: '', image: small });
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'fail' } });
		await answerItem(a, { inspectionId: id, itemId: 'A1', officerId: '', note: 'sau ảnh lớn' });

		await syncUntilDrained(a, transport(actor, { uploadLimit }));

		const failed = await a.blobs.get(large.sha256);
		expect(failed?.failure?.code).toBe('blob_too_large');
		expect(failed?.failure?.message).toMatch(/too large/);
		expect((await a.blobs.get(small.sha256))?.uploaded).toBe(1);
		const outbox = await a.outbox.toArray();
		expect(outbox.map((e) => [e.mutation.name, e.state])).toEqual([['attachPhoto', 'rejected']]);
		expect(outbox[0]?.lastError).toMatch(/too large/);
		const counts = await syncCounts(a);
		expect(counts.pendingBlobs).toBe(0);
		expect(counts.failedBlobs.map((f) => f.code)).toEqual(['blob_too_large']);

		const photos = await ctx.db.selectFrom('photos').select('sha256').where('inspection_id', '=', id).execute();
		expect(photos.map((p) => p.sha256)).toEqual([small.sha256]);
		const answers = await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', id).orderBy('item_id').execute();
		expect(answers.map((r) => r.item_id)).toEqual(['A1', 'A3']);
		// The withheld entry's seq did not leave a hole: the server consumed 1..4 in order.
		expect((await receiptsOf(ctx, await clientIdOf(a))).map((r) => [r.seq, r.status])).toEqual([
			[1, 'applied'],
			[2, 'applied'],
			[3, 'applied'],
			[4, 'applied']
		]);
		a.close();
	});
});
