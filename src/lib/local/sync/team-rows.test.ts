import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db';
import { freshDbPerTest } from '../test-db';
import { pullChanges } from './sync-engine';
import { serving } from './test-transport';

let db: AppDb;
freshDbPerTest('team-rows', (fresh) => (db = fresh));

const record = '01900000-0000-7000-8000-000000000001';
const ba = '01900000-0000-7000-8000-00000000000b';
const chi = '01900000-0000-7000-8000-00000000000c';
const versions = [
	{ value: { kind: 'pass', result: 'pass' }, note: '', answeredBy: ba, answeredAt: '2026-11-25T01:00:00.000Z' },
	{ value: { kind: 'pass', result: 'fail' }, note: 'Thiếu', answeredBy: chi, answeredAt: '2026-11-25T02:00:00.000Z' }
];

describe('the team rows a pull brings (issue 17)', () => {
	it('stores holdings, conflicts, parts and answers with their author; a freed section is deleted', async () => {
		const answer = { inspectionId: record, itemId: 'A1', officerId: '', ...versions[0]! };
		const conflict = { inspectionId: record, itemId: 'A1', officerId: '', versions, resolvedBy: null, resolvedAt: null, chosen: null };
		const part = { inspectionId: record, userId: ba, state: 'handed_in', via: 'server', reason: '', at: '2026-11-25T03:00:00.000Z' };
		const applied = await pullChanges(
			db,
			serving([
				{
					version: 1,
					entity: 'sectionHolding',
					entityId: `${record}/A`,
					op: 'upsert',
					data: { inspectionId: record, sectionId: 'A', userId: ba }
				},
				{
					version: 2,
					entity: 'sectionHolding',
					entityId: `${record}/B`,
					op: 'upsert',
					data: { inspectionId: record, sectionId: 'B', userId: chi }
				},
				{ version: 3, entity: 'answer', entityId: `${record}/A1/`, op: 'upsert', data: answer },
				{ version: 4, entity: 'answerConflict', entityId: `${record}/A1/`, op: 'upsert', data: conflict },
				{ version: 5, entity: 'teamPart', entityId: `${record}/${ba}`, op: 'upsert', data: part },
				{ version: 6, entity: 'sectionHolding', entityId: `${record}/B`, op: 'delete', data: { inspectionId: record, sectionId: 'B' } }
			])
		);
		expect(applied).toBe(6);
		expect(await db.sectionHoldings.where('inspectionId').equals(record).toArray()).toEqual([
			{ inspectionId: record, sectionId: 'A', userId: ba }
		]);
		expect(await db.answers.get([record, 'A1', ''])).toMatchObject({ answeredBy: ba });
		expect(await db.answerConflicts.get([record, 'A1', ''])).toMatchObject({ versions, resolvedAt: null });
		expect(await db.teamParts.get([record, ba])).toMatchObject({ state: 'handed_in', via: 'server' });
	});

	it("an older server's answer without an author is stored with answeredBy ''", async () => {
		const answer = { inspectionId: record, itemId: 'A2', officerId: '', value: null, note: '', answeredAt: '2026-11-25T01:00:00.000Z' };
		await pullChanges(db, serving([{ version: 1, entity: 'answer', entityId: `${record}/A2/`, op: 'upsert', data: answer }]));
		expect(await db.answers.get([record, 'A2', ''])).toMatchObject({ answeredBy: '' });
	});
});
