import { describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db';
import { freshDbPerTest } from '../test-db';
import { answerItem, createInspection } from '../inspection-actions';
import { clientId } from '../outbox';
import { header, tinyTemplate } from '../test-fixtures';
import { renumberPending, startNewQueue } from './renumber';

let db: AppDb;
freshDbPerTest('renumber', (fresh) => (db = fresh));

const queue = async () => (await db.outbox.orderBy('localId').toArray()).map((e) => [e.mutation.seq, e.state]);

async function fourEntries() {
	const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
	for (const note of ['a', 'b', 'c']) await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note });
	return id;
}

describe('renumbering the pending entries', () => {
	it('closes the hole a withheld entry leaves, keeping the order, and moves the counter', async () => {
		const id = await fourEntries();
		const second = (await db.outbox.orderBy('localId').toArray())[1]!;
		await db.outbox.update(second.localId, { state: 'rejected' });
		await renumberPending(db, 1);
		expect(await queue()).toEqual([
			[1, 'pending'],
			[2, 'rejected'],
			[2, 'pending'],
			[3, 'pending']
		]);
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'd' });
		expect((await queue()).at(-1)).toEqual([4, 'pending']);
	});

	it('after seq_reused: a new clientId and the pending entries from 1', async () => {
		await fourEntries();
		const before = await clientId(db);
		await db.outbox.bulkDelete(await db.outbox.orderBy('localId').limit(2).primaryKeys());
		const renamed = await startNewQueue(db);
		expect(renamed).not.toBe(before);
		expect(await clientId(db)).toBe(renamed);
		expect(await queue()).toEqual([
			[1, 'pending'],
			[2, 'pending']
		]);
		expect((await db.meta.get('nextSeq'))?.value).toBe(3);
	});
});
