import { describe, expect, it } from 'vitest';
import type { EntityChange as ChangeWire, PullResponse as PullResponseWire } from '$lib/domain/protocol';
import type { AppDb } from '../app-db';
import { freshDbPerTest } from '../test-db';
import { answerItem, createInspection } from '../inspection-actions';
import { header, tinyTemplate } from '../test-fixtures';
import { pullChanges } from './sync-engine';
import type { SyncTransport } from './transport';

let db: AppDb;
freshDbPerTest('set-aside', (fresh) => (db = fresh));

/** Serves the given pages, one per pull call, from wherever the cursor is. */
function pages(...served: ChangeWire[][]): SyncTransport {
	let next = 0;
	return {
		pull(): Promise<PullResponseWire> {
			const changes = served[next++] ?? [];
			return Promise.resolve({ changes, cursor: changes.at(-1)?.version ?? 0, hasMore: next < served.length, lastAppliedSeq: 0 });
		},
		push: () => Promise.reject(new Error('no push here')),
		hasBlob: () => Promise.reject(new Error('no blobs here')),
		putBlob: () => Promise.reject(new Error('no blobs here'))
	};
}

function answerChange(version: number, inspectionId: string, note: string): ChangeWire {
	const data = { inspectionId, itemId: 'A1', officerId: '', value: null, note, answeredAt: '2026-11-25T01:00:00.000Z' };
	return { version, entity: 'answer', entityId: `${inspectionId}/A1/`, op: 'upsert', data };
}

const noteOfA1 = async (id: string) => (await db.answers.get([id, 'A1', '']))?.note;

/** A record whose answer to A1 carries a local edit the server has not acknowledged yet. */
async function recordWithLocalEdit(): Promise<string> {
	const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
	await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'local' });
	return id;
}

describe('server changes a pull skips for a pending row', () => {
	it('are kept, the latest per row, and applied once no pending entry covers the row', async () => {
		const id = await recordWithLocalEdit();
		await pullChanges(db, pages([answerChange(1, id, 'server 1')], [answerChange(2, id, 'server 2')]));
		expect(await noteOfA1(id)).toBe('local');
		expect((await db.setAside.toArray()).map((r) => r.change.version)).toEqual([2]);

		// The edit is refused: its entry no longer pending. The next pull, even an empty one, restores the server's row.
		await db.outbox.toCollection().modify({ state: 'rejected' });
		await pullChanges(db, pages([]));
		expect(await noteOfA1(id)).toBe('server 2');
		expect(await db.setAside.count()).toBe(0);
	});

	it('never overwrite a newer version of the row pulled after them', async () => {
		const id = await recordWithLocalEdit();
		await pullChanges(db, pages([answerChange(1, id, 'server 1')]));
		// The edit was applied; the server's newer row (made from it) comes in a later page of the same pull.
		await db.outbox.clear();
		await pullChanges(db, pages([answerChange(5, id, 'server 5')], []));
		expect(await noteOfA1(id)).toBe('server 5');
		expect(await db.setAside.count()).toBe(0);
	});

	it('stay set aside while an entry still covers the row', async () => {
		const id = await recordWithLocalEdit();
		await pullChanges(db, pages([answerChange(1, id, 'server 1')]));
		await pullChanges(db, pages([]));
		expect(await noteOfA1(id)).toBe('local');
		expect(await db.setAside.count()).toBe(1);
	});
});
