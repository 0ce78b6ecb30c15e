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

	it('the reviewer rewrites the corrective action and detail: trimmed, applied with the event, queued together', async () => {
		const { findingId } = await submitted();
		const before = await db.findings.get(findingId);
		await adjustFinding(db, supervisor, findingId, {
			recommendation: '  Niêm yết lại toàn bộ thủ tục trước 15/12  ',
			detail: before!.detail,
			comment: 'Nêu rõ việc cần làm'
		});
		const [entry] = await db.outbox.toArray();
		// The unchanged detail is not sent: only what the reviewer changed becomes theirs.
		expect(entry?.mutation.args).toEqual({
			findingId,
			recommendation: 'Niêm yết lại toàn bộ thủ tục trước 15/12',
			comment: 'Nêu rõ việc cần làm'
		});
		expect(await db.findings.get(findingId)).toMatchObject({
			recommendation: 'Niêm yết lại toàn bộ thủ tục trước 15/12',
			detail: before!.detail
		});
		const [event] = await db.findingEvents.toArray();
		expect(event).toMatchObject({
			id: entry?.mutation.mutationId,
			kind: 'adjusted',
			recommendation: 'Niêm yết lại toàn bộ thủ tục trước 15/12'
		});
		expect(event).not.toHaveProperty('detail');
	});

	it('a deadline the server would refuse is refused on the device with its code, and nothing is written', async () => {
		const { findingId } = await submitted();
		const before = await db.findings.get(findingId);
		// The visit was on 25/11/2026: the deadline may lie from then to 26/11/2027.
		await expect(adjustFinding(db, supervisor, findingId, { deadline: '2026-11-24', comment: '' })).rejects.toMatchObject({
			code: 'deadline_before_visit',
			field: 'deadline'
		});
		await expect(adjustFinding(db, supervisor, findingId, { deadline: '2027-11-27', comment: '' })).rejects.toMatchObject({
			code: 'deadline_too_far'
		});
		await expect(adjustFinding(db, supervisor, findingId, { recommendation: 'x'.repeat(5001), comment: '' })).rejects.toThrow();
		await expect(adjustFinding(db, supervisor, findingId, { recommendation: '  ', comment: '' })).rejects.toThrow();
		expect(await db.outbox.count()).toBe(0);
		expect(await db.findingEvents.count()).toBe(0);
		expect(await db.findings.get(findingId)).toEqual(before);
		await adjustFinding(db, supervisor, findingId, { deadline: '2027-11-26', comment: '' });
		expect((await db.findings.get(findingId))?.deadline).toBe('2027-11-26');
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
