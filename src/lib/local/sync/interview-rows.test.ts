import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db';
import { freshDbPerTest } from '../test-db';
import { pullChanges } from './sync-engine';
import { serving } from './test-transport';

let db: AppDb;
freshDbPerTest('interview-rows', (fresh) => (db = fresh));

const record = '01900000-0000-7000-8000-000000000001';
const first = '01900000-0000-7000-8000-0000000000f1';
const second = '01900000-0000-7000-8000-0000000000f2';
const interview = (id: string, answers: Record<string, number | string>) => ({
	id,
	inspectionId: record,
	questionnaireId: 'phong-van-nguoi-dan',
	questionnaireVersion: '2026.1',
	answers,
	facts: {},
	takenAt: '2026-12-06T02:15:00.000Z',
	takenBy: '01900000-0000-7000-8000-00000000000b'
});

describe('the interviews a pull brings (issue 19)', () => {
	it('stores a colleague’s interviews, applies a correction and a removal, and sets aside a malformed one', async () => {
		const applied = await pullChanges(
			db,
			serving([
				{ version: 1, entity: 'interview', entityId: first, op: 'upsert', data: interview(first, { Q1: 2 }) },
				{ version: 2, entity: 'interview', entityId: second, op: 'upsert', data: interview(second, { Q5: 4 }) },
				{ version: 3, entity: 'interview', entityId: first, op: 'upsert', data: interview(first, { Q1: 3, Q11: 'Chờ lâu' }) },
				{ version: 4, entity: 'interview', entityId: second, op: 'delete', data: { id: second, inspectionId: record } },
				{ version: 5, entity: 'interview', entityId: 'x', op: 'upsert', data: { ...interview(first, { Q1: 9 }), id: 'x' } }
			])
		);
		expect(applied).toBe(4);
		expect(await db.interviews.where('inspectionId').equals(record).toArray()).toEqual([interview(first, { Q1: 3, Q11: 'Chờ lâu' })]);
		const quarantine = await db.meta.get('quarantine');
		expect(quarantine?.value).toMatchObject([{ entity: 'interview', entityId: 'x' }]);
	});
});
