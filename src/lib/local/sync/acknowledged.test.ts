import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { EntityChange as ChangeWire, Mutation, PullResponse as PullResponseWire } from '$lib/domain/protocol';
import type { AppDb } from '../app-db';
import { addOfficer, answerItem, createInspection, removeOfficer } from '../inspection-actions';
import { freshDbPerTest } from '../test-db';
import { header, tinyTemplate } from '../test-fixtures';
import { acknowledgedHolds, holdAcknowledged, latestHold, releaseHolds } from './acknowledged';
import { pullChanges, pushOutbox } from './sync-engine';
import { TransientSyncError, type SyncTransport } from './transport';

let db: AppDb;
freshDbPerTest('acknowledged', (fresh) => (db = fresh));

/**
 * A server that applies every push, and serves the given pull pages one per call; `'cut'` is a
 * pull whose answer never arrives. `beforePage` runs as a page is asked for (the device working meanwhile).
 */
function server(served: (ChangeWire[] | 'cut')[], beforePage?: (n: number) => Promise<void>): SyncTransport & { pushed: Mutation[] } {
	let next = 0;
	const pushed: Mutation[] = [];
	return {
		pushed,
		push(_clientId, mutations) {
			pushed.push(...mutations);
			const results = mutations.map((m) => ({ mutationId: m.mutationId, seq: m.seq, status: 'applied' as const }));
			return Promise.resolve({ results, lastAppliedSeq: mutations.at(-1)?.seq ?? 0 });
		},
		async pull(): Promise<PullResponseWire> {
			const n = next++;
			await beforePage?.(n);
			const page = served[n] ?? [];
			if (page === 'cut') throw new TransientSyncError('the answer was lost');
			return { changes: page, cursor: page.at(-1)?.version ?? 0, hasMore: n + 1 < served.length, lastAppliedSeq: pushed.length };
		},
		hasBlob: () => Promise.reject(new Error('no blobs here')),
		putBlob: () => Promise.reject(new Error('no blobs here'))
	};
}

const officerRow = (id: string, inspectionId: string) => ({ id, inspectionId, name: 'Lê Văn Cường', position: '', desk: '', order: 0 });
const officerChange = (version: number, id: string, inspectionId: string, op: 'upsert' | 'delete'): ChangeWire => ({
	version,
	entity: 'officer',
	entityId: id,
	op,
	data: op === 'upsert' ? officerRow(id, inspectionId) : { id, inspectionId }
});
function answerChange(version: number, inspectionId: string, result: 'pass' | 'fail', note: string): ChangeWire {
	const data = { inspectionId, itemId: 'A1', officerId: '', value: { kind: 'pass', result }, note, answeredAt: '2026-11-25T01:00:00.000Z' };
	return { version, entity: 'answer', entityId: `${inspectionId}/A1/`, op: 'upsert', data };
}

const pullCutOff = (transport: SyncTransport) => expect(pullChanges(db, transport)).rejects.toThrow(TransientSyncError);
const a1 = async (id: string) => (await db.answers.get([id, 'A1', '']))?.value;

describe('rows of acknowledged edits', () => {
	it('a pull cut off between pages does not bring back an officer the device removed', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		const officerId = await addOfficer(db, id, { name: 'Lê Văn Cường', position: '', desk: '' });
		await removeOfficer(db, id, officerId);
		// The server applies all three; its feed has the officer's creation in one page and removal in the next.
		const transport = server([[officerChange(2, officerId, id, 'upsert')], 'cut']);
		await pushOutbox(db, transport);
		expect(transport.pushed.map((m) => m.name)).toEqual(['createInspection', 'addOfficer', 'removeOfficer']);

		await pullCutOff(transport);
		// Until the removal arrives, the inspector must not see (and answer for) the officer again.
		expect(await db.officers.get(officerId)).toBeUndefined();

		await pullChanges(db, server([[officerChange(3, officerId, id, 'delete')]]));
		expect(await db.officers.get(officerId)).toBeUndefined();
		expect((await acknowledgedHolds(db)).rows).toEqual({});
		expect(await db.setAside.count()).toBe(0);
	});

	it('an early page does not turn a passed item back to failed, and the complete pull ends on the server’s latest row', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'fail' } });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'pass' } });
		const transport = server([[answerChange(2, id, 'fail', '')], 'cut']);
		await pushOutbox(db, transport);

		await pullCutOff(transport);
		expect(await a1(id)).toEqual({ kind: 'pass', result: 'pass' });

		// The rest of the feed: this device's pass, then another device's later edit of the row.
		await pullChanges(db, server([[answerChange(3, id, 'pass', '')], [answerChange(4, id, 'fail', 'from another device')]]));
		expect(await a1(id)).toEqual({ kind: 'pass', result: 'fail' });
		expect((await db.answers.get([id, 'A1', '']))?.note).toBe('from another device');
		expect((await acknowledgedHolds(db)).rows).toEqual({});
	});

	it('an edit acknowledged while a pull is under way stays held until a later pull has run to its end', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await pushOutbox(db, server([]));
		await pullChanges(db, server([[]]));
		expect((await acknowledgedHolds(db)).rows).toEqual({});

		// While the pull waits for its first page, the inspector fails A1 and another round pushes it.
		const during = server([[answerChange(1, id, 'pass', 'older')]], async () => {
			await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'fail' } });
			await pushOutbox(db, server([]));
		});
		await pullChanges(db, during);
		// That pull's pages may predate the edit: they must not overwrite it, nor let go of its hold.
		expect(await a1(id)).toEqual({ kind: 'pass', result: 'fail' });
		expect(Object.keys((await acknowledgedHolds(db)).rows)).toEqual([`answer:${id}/A1/`]);

		await pullChanges(db, server([[answerChange(2, id, 'fail', '')]]));
		expect(await a1(id)).toEqual({ kind: 'pass', result: 'fail' });
		expect((await acknowledgedHolds(db)).rows).toEqual({});
	});

	it('each acknowledgement stores only its own keys, so a long queue is not rewritten at every batch', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		const answer = (itemId: string) => ({ name: 'answerItem', args: { inspectionId: id, itemId, officerId: '' } }) as unknown as Mutation;
		await db.transaction('rw', db.meta, async () => {
			await holdAcknowledged(db, [answer('A1'), answer('A2')]);
			await holdAcknowledged(db, [answer('A3')]);
		});
		const stored = await db.meta.where('key').startsWith('acknowledged:').toArray();
		expect(stored.map((row) => row.value)).toEqual([[`answer:${id}/A1/`, `answer:${id}/A2/`], [`answer:${id}/A3/`]]);
		expect((await acknowledgedHolds(db)).rows).toEqual({ [`answer:${id}/A1/`]: 1, [`answer:${id}/A2/`]: 1, [`answer:${id}/A3/`]: 2 });
	});

	/** Like the sync engine's: the work awaited inside the transaction's own async function. */
	const inMeta = <T>(work: () => Promise<T>) => db.transaction('rw', db.meta, async () => await work());
	const removal = (officerId: string) => ({ name: 'removeOfficer', args: { inspectionId: 'i1', officerId } }) as unknown as Mutation;

	it('holds kept in the former single row are let go of like the others, and the numbers never start again', async () => {
		await db.meta.put({ key: 'acknowledged', value: { last: 2, rows: { 'officer:o1': 1, 'officer:o2': 2 } } });
		expect(await latestHold(db)).toBe(2);
		await inMeta(() => holdAcknowledged(db, [removal('o3')]));
		expect(await latestHold(db)).toBe(3);
		expect(await inMeta(() => releaseHolds(db, 1))).toEqual(['officer:o2', 'officer:o3']);
		expect(await inMeta(() => releaseHolds(db, 3))).toEqual([]);
		expect(await db.meta.get('acknowledged')).toBeUndefined();
		// A pull that began before and ends now lets go of "up to 3": a hold taken since must outlive it.
		await inMeta(() => holdAcknowledged(db, [removal('o4')]));
		expect(await latestHold(db)).toBe(4);
		expect(await inMeta(() => releaseHolds(db, 3))).toEqual(['officer:o4']);
	});
});
