/**
 * The device's sync engine (Dexie on fake-indexeddb) against the real server code on real
 * SQLite and PostgreSQL, through a transport that loses requests and responses: what the
 * inspector did arrives exactly once, a second device pulls the same record, rejections stay
 * visible without blocking the queue, and a pull never overwrites an edit still on its way.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AppDb } from '$lib/local/app-db';
import { addOfficer, answerItem, attachPhoto, createInspection } from '$lib/local/inspection-actions';
import { pullChanges as devicePull, syncOnce } from '$lib/local/sync/sync-engine';
import { TransientSyncError, type SyncTransport } from '$lib/local/sync/transport';
import { header } from '$lib/local/test-fixtures';
import { defaultTemplate } from '$lib/templates';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';
import { jpegImage } from './support/factories';
import { serverTransport } from './support/server-transport';

/** A deterministic sequence of fates: every third call loses something. */
function everyThird() {
	let n = 0;
	return () => (['ok', 'drop-request', 'ok', 'drop-response'] as const)[n++ % 4]!;
}

async function syncUntilDrained(db: AppDb, transport: SyncTransport, maxRounds = 50) {
	for (let round = 0; round < maxRounds; round++) {
		try {
			await syncOnce(db, transport);
			if ((await db.outbox.where('state').equals('pending').count()) === 0) return round + 1;
		} catch (err) {
			if (!(err instanceof TransientSyncError)) throw err;
		}
	}
	throw new Error('outbox did not drain');
}

describe.each(testDatabases)('device sync on $name', (kind) => {
	const ctx = useSyncContext(kind);
	let n = 0;
	const device = () => new AppDb(`client-sync-${kind.name}-${++n}-${Date.now()}`);

	it('an inspection made offline arrives exactly once despite lost requests and responses, and a second device pulls it', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await createInspection(a, { header, template: defaultTemplate, createdBy: actor.userId });
		const officer = await addOfficer(a, id, { name: 'Lê Văn Cường', position: '', desk: 'Hộ tịch' });
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'fail' } });
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', note: 'Bảng niêm yết cũ' });
		await answerItem(a, { inspectionId: id, itemId: 'C7', officerId: officer, value: { kind: 'pass', result: 'pass' } });
		const img = jpegImage(4096);
		await attachPhoto(a, {
			inspectionId: id,
			itemId: 'A3',
			officerId: '',
			image: { bytes: img.bytes.buffer, mime: 'image/jpeg', sha256: img.sha256, width: 10, height: 10 }
		});
		const made = await a.outbox.count();

		const transport = serverTransport(ctx, actor, { chaos: everyThird() });
		await syncUntilDrained(a, transport);
		expect(transport.stats.droppedRequests + transport.stats.droppedResponses).toBeGreaterThan(0);

		const receipts = await ctx.db
			.selectFrom('mutation_receipts')
			.select(['mutation_id', 'seq'])
			.where('client_id', '=', await a.meta.get('clientId').then((r) => String(r?.value as string)))
			.execute();
		expect(receipts).toHaveLength(made);
		expect(receipts.map((r) => Number(r.seq)).sort((x, y) => x - y)).toEqual([...Array(made)].map((_, i) => i + 1));
		expect(await a.blobs.where('uploaded').equals(0).count()).toBe(0);

		const b = device();
		await devicePull(b, serverTransport(ctx, actor));
		const answer = await b.answers.get([id, 'A3', '']);
		expect(answer?.value).toEqual({ kind: 'pass', result: 'fail' });
		expect(answer?.note).toBe('Bảng niêm yết cũ');
		expect((await b.officers.toArray()).map((o) => o.name)).toEqual(['Lê Văn Cường']);
		expect((await b.photos.toArray()).map((p) => p.sha256)).toEqual([img.sha256]);
		expect((await b.inspections.get(id))?.unit.name).toBe(header.unit.name);
		a.close();
		b.close();
	});

	it('a rejected change stays visible and does not block the changes after it', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await createInspection(a, { header, template: defaultTemplate, createdBy: actor.userId });
		// An officer the server has never heard of: the server rejects this answer (not_found).
		await answerItem(a, {
			inspectionId: id,
			itemId: 'C6',
			officerId: '01900000-0000-7000-8000-000000000001',
			value: { kind: 'pass', result: 'pass' }
		});
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await syncUntilDrained(a, serverTransport(ctx, actor));
		const left = await a.outbox.toArray();
		expect(left.map((e) => [e.mutation.name, e.state])).toEqual([['answerItem', 'rejected']]);
		expect(left[0]?.lastError).toBeTruthy();
		const b = device();
		await devicePull(b, serverTransport(ctx, actor));
		expect((await b.answers.get([id, 'A3', '']))?.value).toEqual({ kind: 'pass', result: 'pass' });
		a.close();
		b.close();
	});

	it('a pull never overwrites a local edit that has not reached the server', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await createInspection(a, { header, template: defaultTemplate, createdBy: actor.userId });
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await syncUntilDrained(a, serverTransport(ctx, actor));
		// Offline edit, then a pull (e.g. from the page's timer) that replays the older server row.
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'fail' } });
		await a.meta.put({ key: 'pullCursor', value: 0 });
		await devicePull(a, serverTransport(ctx, actor));
		expect((await a.answers.get([id, 'A3', '']))?.value).toEqual({ kind: 'pass', result: 'fail' });
		await syncUntilDrained(a, serverTransport(ctx, actor));
		const b = device();
		await devicePull(b, serverTransport(ctx, actor));
		expect((await b.answers.get([id, 'A3', '']))?.value).toEqual({ kind: 'pass', result: 'fail' });
		a.close();
		b.close();
	});
});
