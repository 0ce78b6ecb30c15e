import { describe, expect, it } from 'vitest';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { createInspection } from './inspection-actions';
import {
	adjustFinding,
	approveInspection,
	NotAllowedError,
	reopenFinding,
	reportFix,
	returnInspection,
	verifyFix,
	type Reviewer
} from './review-actions';
import { answerSignAndSubmit, header, tinyTemplate } from './test-fixtures';

let db: AppDb;
freshDbPerTest('review', (fresh) => (db = fresh));

const supervisor: Reviewer = { userId: 'sup', role: 'supervisor', provinceCode: 1, unitCode: null, displayName: 'Giám sát' };
const ward: Reviewer = { userId: 'w', role: 'ward', provinceCode: 1, unitCode: 70, displayName: 'Phường Hoàn Kiếm' };
const otherWard: Reviewer = { ...ward, userId: 'w2', unitCode: 71 };
const author: Reviewer = { userId: 'ins', role: 'inspector', provinceCode: 1, unitCode: null, displayName: 'Kiểm tra' };

/** A submitted record with one finding, as a supervisor's device holds it after a pull. */
async function submitted() {
	const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'ins' });
	await answerSignAndSubmit(db, id, 'fail');
	await db.outbox.clear();
	const findingId = (await db.findings.toArray())[0]!.id;
	return { id, findingId };
}

const outboxNames = async () => (await db.outbox.orderBy('localId').toArray()).map((e) => e.mutation.name);

describe('review and remediation actions write the row, its event and the intent together', () => {
	it('returning a record sets it returned, records the comment and queues the intent under the same id', async () => {
		const { id } = await submitted();
		await returnInspection(db, supervisor, id, 'Bổ sung ảnh mục A1');
		expect((await db.inspections.get(id))?.status).toBe('returned');
		const [entry] = await db.outbox.toArray();
		const [event] = await db.inspectionEvents.toArray();
		expect(entry?.mutation.name).toBe('returnInspection');
		expect(event).toMatchObject({ id: entry?.mutation.mutationId, kind: 'returned', comment: 'Bổ sung ảnh mục A1', actorName: 'Giám sát' });
	});

	it('the author cannot approve their own record, and a refusal writes nothing', async () => {
		const { id } = await submitted();
		const supervisorAuthor = { ...supervisor, userId: 'ins' };
		await expect(approveInspection(db, supervisorAuthor, id, '')).rejects.toBeInstanceOf(NotAllowedError);
		expect(await db.outbox.count()).toBe(0);
		expect(await db.inspectionEvents.count()).toBe(0);
		expect((await db.inspections.get(id))?.status).toBe('submitted');
	});

	it('adjusting sends only what changed; approval opens the findings to the commune', async () => {
		const { id, findingId } = await submitted();
		await adjustFinding(db, supervisor, findingId, { severity: 'normal', deadline: '2026-12-20', comment: 'Gia hạn' });
		expect((await db.outbox.toArray())[0]?.mutation.args).toEqual({ findingId, deadline: '2026-12-20', comment: 'Gia hạn' });
		await approveInspection(db, supervisor, id, '');
		expect(await db.findings.get(findingId)).toMatchObject({ deadline: '2026-12-20', status: 'open' });
		await expect(adjustFinding(db, supervisor, findingId, { deadline: '2026-12-30', comment: '' })).rejects.toBeInstanceOf(NotAllowedError);
	});

	it('a ward reports a fix with a photo; a verifier closes or reopens it; every step follows the state machine', async () => {
		const { id, findingId } = await submitted();
		await approveInspection(db, supervisor, id, '');
		await db.outbox.clear();
		const bytes = new Uint8Array([1, 2, 3]).buffer;
		await expect(reportFix(db, otherWard, findingId, 'Đã niêm yết', [])).rejects.toMatchObject({ code: 'other_unit' });
		await expect(verifyFix(db, supervisor, findingId, '')).rejects.toBeInstanceOf(NotAllowedError);
		await reportFix(db, ward, findingId, 'Đã niêm yết', [{ bytes, mime: 'image/jpeg', sha256: 'a'.repeat(64), width: 10, height: 10 }]);
		expect((await db.findings.get(findingId))?.status).toBe('fixReported');
		expect((await db.blobs.get('a'.repeat(64)))?.uploaded).toBe(0);
		await expect(verifyFix(db, author, findingId, '')).rejects.toMatchObject({ code: 'not_own_record' });
		await reopenFinding(db, supervisor, findingId, 'Ảnh chưa rõ');
		await reportFix(db, ward, findingId, 'Đã niêm yết lại', []);
		await verifyFix(db, supervisor, findingId, 'Đạt');
		expect((await db.findings.get(findingId))?.status).toBe('verified');
		expect(await outboxNames()).toEqual(['reportFix', 'reopenFinding', 'reportFix', 'verifyFix']);
		const events = await db.findingEvents.where('findingId').equals(findingId).toArray();
		const eventIds = (await db.outbox.toArray()).map((e) => (e.mutation.args as { eventId: string }).eventId);
		expect(events.map((e) => e.id).sort()).toEqual(eventIds.sort());
		expect(events.map((e) => e.status).sort()).toEqual(['fixReported', 'fixReported', 'reopened', 'verified']);
	});
});
