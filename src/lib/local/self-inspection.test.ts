import { describe, expect, it } from 'vitest';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { createInspection } from './inspection-actions';
import { listSelfInspections } from './inspection-queries';
import { communeHistory, publishedFindings, reviewInbox } from './review-queries';
import { answerSignAndSubmit, header, tinyTemplate } from './test-fixtures';

let db: AppDb;
freshDbPerTest('self-inspection', (fresh) => (db = fresh));

describe("a ward's self-inspection on the device", () => {
	it('says so in the queued intent and the stored row; an official record does not state a kind', async () => {
		const self = await createInspection(db, { header, template: tinyTemplate, createdBy: 'w', selfInspection: true });
		const official = await createInspection(db, { header, template: tinyTemplate, createdBy: 'ins' });
		const [first, second] = await db.outbox.orderBy('localId').toArray();
		expect(first?.mutation.args).toMatchObject({ id: self, kind: 'self' });
		expect(second?.mutation.args).not.toHaveProperty('kind');
		expect((await db.inspections.get(self))?.kind).toBe('self');
		expect(await db.inspections.get(official)).not.toHaveProperty('kind');
	});

	it('is listed apart, finished once submitted: in no review inbox, no commune history, no findings to fix', async () => {
		const self = await createInspection(db, { header, template: tinyTemplate, createdBy: 'w', selfInspection: true });
		await answerSignAndSubmit(db, self, 'fail');
		const official = await createInspection(db, { header, template: tinyTemplate, createdBy: 'ins' });
		await answerSignAndSubmit(db, official, 'fail');

		expect((await listSelfInspections(db)).map((r) => r.inspection.id)).toEqual([self]);
		expect((await reviewInbox(db)).map((r) => r.inspection.id)).toEqual([official]);
		expect((await communeHistory(db, header.unit.code)).inspections.map((i) => i.id)).toEqual([official]);
		// Submitted and never approved: its finding is nobody's to fix.
		expect((await db.findings.where('inspectionId').equals(self).count()) > 0).toBe(true);
		expect((await publishedFindings(db)).some((r) => r.inspection.id === self)).toBe(false);
	});
});
