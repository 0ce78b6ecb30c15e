import { describe, expect, it } from 'vitest';
import type { AppDb, LocalInspection } from './app-db';
import { freshDbPerTest } from './test-db';
import { header } from './test-fixtures';
import { NotAllowedError } from './action-errors';
import { listMyVisits, startPlannedVisit } from './planned-visits';

let db: AppDb;
freshDbPerTest('planned-visits', (fresh) => (db = fresh));

const ID = '0193a1c2-0000-7000-8000-0000000000a1';

/** A planned visit as a pull stores it: the supervisor's record with its plan. */
async function pulledPlan(id = ID, assigned = ['me', 'colleague']) {
	const row: LocalInspection & { plan: object } = {
		...header,
		id,
		inspectionType: 'dinh_ky',
		basis: 'Quyết định số 12/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND',
		team: [
			{ name: 'Nguyễn Văn An', role: 'thanh_vien', position: '', organisation: '' },
			{ name: 'Trần Thị Bình', role: 'thanh_vien', position: '', organisation: '' }
		],
		startedAt: '2026-03-01T00:00:00+07:00',
		templateId: 'thu',
		templateVersion: '1',
		sectionIds: ['A'],
		status: 'planned',
		createdBy: 'supervisor',
		createdAt: '2026-02-20T08:00:00.000Z',
		endedAt: null,
		recommendations: '',
		unitOpinion: '',
		updatedAt: '2026-02-20T08:00:00.000Z',
		plan: { windowStart: '2026-03-01', windowEnd: '2026-03-15', assignedInspectorIds: assigned }
	};
	await db.inspections.put(row);
	return row;
}

const start = { startedAt: '2026-03-10T09:00:00+07:00', position: null, positionNote: 'Không có tín hiệu GPS' };

describe('my visits on the device', () => {
	it('lists the planned visits assigned to this inspector from the device database alone', async () => {
		await pulledPlan();
		await pulledPlan('0193a1c2-0000-7000-8000-0000000000a2', ['someone-else']);
		const visits = await listMyVisits(db, 'me', '2026-03-20');
		expect(visits.map((v) => [v.inspection.id, v.timing])).toEqual([[ID, 'overdue']]);
	});

	it('starting writes the draft and queues startPlannedInspection in one transaction', async () => {
		const plan = await pulledPlan();
		await startPlannedVisit(db, ID, start, 'me');

		const draft = await db.inspections.get(ID);
		expect(draft).toMatchObject({
			status: 'draft',
			createdBy: 'me',
			unit: plan.unit,
			team: plan.team,
			inspectionType: 'dinh_ky',
			basis: plan.basis,
			startedAt: start.startedAt,
			positionNote: start.positionNote,
			plan: plan.plan
		});
		const outbox = await db.outbox.toArray();
		expect(outbox.map((e) => [e.mutation.name, e.mutation.seq, e.inspectionId])).toEqual([['startPlannedInspection', 1, ID]]);
		expect(outbox[0]?.mutation.args).toEqual({ inspectionId: ID, ...start });
		expect(await listMyVisits(db, 'me', '2026-03-10')).toEqual([]);
	});

	it('refuses, writing and queueing nothing, an unassigned inspector and a second start', async () => {
		await pulledPlan();
		await expect(startPlannedVisit(db, ID, start, 'stranger')).rejects.toMatchObject({ code: 'not_assigned' });
		expect(await db.outbox.count()).toBe(0);
		expect((await db.inspections.get(ID))?.status).toBe('planned');

		await startPlannedVisit(db, ID, start, 'me');
		const again = startPlannedVisit(db, ID, start, 'colleague');
		await expect(again).rejects.toBeInstanceOf(NotAllowedError);
		await expect(again).rejects.toMatchObject({ code: 'already_started' });
		expect(await db.outbox.count()).toBe(1);
		expect((await db.inspections.get(ID))?.createdBy).toBe('me');
	});
});
