import { describe, expect, it } from 'vitest';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import {
	addOfficer,
	answerItem,
	createInspection,
	NotEditableError,
	RecordIncompleteError,
	removeOfficer,
	setFindingDraft,
	submitInspection,
	updateInspectionHeader
} from './inspection-actions';
import { adjustFinding, returnInspection, type Reviewer } from './review-actions';
import { answerSignAndSubmit, header, signBoth, tinyTemplate } from './test-fixtures';
import { defaultTemplate } from '$lib/templates';

let db: AppDb;
freshDbPerTest('test', (fresh) => (db = fresh));

const seqs = async () => (await db.outbox.orderBy('localId').toArray()).map((e) => e.mutation.seq);
const names = async () => (await db.outbox.orderBy('localId').toArray()).map((e) => e.mutation.name);

describe('inspector actions write the row and its outbox entry together', () => {
	it('starting an inspection stores a draft and queues createInspection with seq 1', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		const stored = await db.inspections.get(id);
		expect(stored?.status).toBe('draft');
		expect(stored?.sectionIds).toEqual(['A', 'D']);
		expect(await names()).toEqual(['createInspection']);
		expect(await seqs()).toEqual([1]);
	});

	it('answering an item twice keeps one answer and queues both changes in order', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'fail' } });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'Bảng cũ' });
		const answers = await db.answers.where('inspectionId').equals(id).toArray();
		expect(answers).toHaveLength(1);
		expect(answers[0]?.value).toEqual({ kind: 'pass', result: 'fail' });
		expect(answers[0]?.note).toBe('Bảng cũ');
		expect(await seqs()).toEqual([1, 2, 3]);
	});

	it('a refused action writes nothing and leaves no gap in the sequence', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerSignAndSubmit(db, id, 'pass');
		await expect(
			answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'fail' } })
		).rejects.toBeInstanceOf(NotEditableError);
		expect((await db.answers.get([id, 'A1', '']))?.value).toEqual({ kind: 'pass', result: 'pass' });
		expect(await names()).toEqual(['createInspection', 'answerItem', 'answerItem', 'signInspection', 'signInspection', 'submitInspection']);
		const other = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		expect(other).not.toBe(id);
		expect(await seqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('an invalid answer is refused by the shared schema before anything is stored', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await expect(
			answerItem(db, {
				inspectionId: id,
				itemId: 'A2',
				officerId: '',
				value: { kind: 'sample', size: 2, passed: 5 }
			})
		).rejects.toThrow();
		expect(await db.answers.count()).toBe(0);
		expect(await db.outbox.count()).toBe(1);
	});

	it('removing an officer removes their answers too', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		const a = await addOfficer(db, id, { name: 'Lê Văn C', position: '', desk: 'Tư pháp' });
		const b = await addOfficer(db, id, { name: 'Phạm Thị D', position: '', desk: 'Đất đai' });
		for (const officerId of [a, b])
			await answerItem(db, { inspectionId: id, itemId: 'D1', officerId, value: { kind: 'pass', result: 'pass' } });
		await removeOfficer(db, id, a);
		const left = await db.answers.toArray();
		expect(left.map((x) => x.officerId)).toEqual([b]);
		expect((await db.officers.toArray()).map((o) => o.name)).toEqual(['Phạm Thị D']);
		expect(await names()).toEqual(['createInspection', 'addOfficer', 'addOfficer', 'answerItem', 'answerItem', 'removeOfficer']);
	});
});

describe('an officer picked from the unit’s roster', () => {
	it('keeps the roster entry’s id on the row and in the queued mutation; a typed-in one has none', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		const rosterId = '0199a1b2-5e00-7d10-8e00-00000000a001';
		const picked = await addOfficer(db, id, { name: 'Nguyễn Thị Hoa', position: 'Công chức', desk: 'Hộ tịch', rosterId });
		const typed = await addOfficer(db, id, { name: 'Người ngoài danh sách', position: '', desk: '' });
		expect((await db.officers.get(picked))?.rosterId).toBe(rosterId);
		expect(await db.officers.get(typed)).not.toHaveProperty('rosterId');
		const queued = (await db.outbox.orderBy('localId').toArray()).filter((e) => e.mutation.name === 'addOfficer');
		expect(queued.map((e) => (e.mutation.args as { rosterId?: string }).rosterId)).toEqual([rosterId, undefined]);
	});
});

describe('header edits', () => {
	it('queue only the fields that changed, so a patch never blanks other fields', async () => {
		const id = await createInspection(db, { header: { ...header, address: '1 Tràng Tiền' }, template: tinyTemplate, createdBy: 'u1' });
		const { updateInspectionHeader } = await import('./inspection-actions');
		await updateInspectionHeader(db, id, { recommendations: 'Chấn chỉnh ngay' });
		const last = (await db.outbox.orderBy('localId').last())?.mutation;
		expect(last?.name).toBe('updateInspectionHeader');
		expect(last?.args).toEqual({ inspectionId: id, patch: { recommendations: 'Chấn chỉnh ngay' } });
		expect((await db.inspections.get(id))?.address).toBe('1 Tràng Tiền');
	});
});

const refusalOf = async (p: Promise<unknown>) => {
	const err = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(RecordIncompleteError);
	return (err as RecordIncompleteError).refusal;
};

describe('completeness: a record is finished only when every item is answered or marked', () => {
	it('refuses to finish with unanswered items, naming how many, and writes nothing', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await signBoth(db, id);
		const before = await db.outbox.count();
		expect(await refusalOf(submitInspection(db, id, tinyTemplate))).toEqual({ code: 'items_unanswered', count: 1 });
		expect(await db.outbox.count()).toBe(before);
		expect((await db.inspections.get(id))?.status).toBe('draft');
	});

	it('an empty record cannot be finished', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await signBoth(db, id);
		expect(await refusalOf(submitInspection(db, id, tinyTemplate))).toEqual({ code: 'items_unanswered', count: 2 });
	});

	it('"không kiểm tra được" with a reason lets it finish; a record of nothing but that does not', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		const cannot = { kind: 'na' as const, reason: 'not_checkable' as const, text: 'Phòng lưu trữ khóa' };
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: cannot });
		await answerItem(db, { inspectionId: id, itemId: 'A2', officerId: '', value: cannot });
		await signBoth(db, id);
		expect(await refusalOf(submitInspection(db, id, tinyTemplate))).toEqual({ code: 'nothing_checked' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await signBoth(db, id);
		await submitInspection(db, id, tinyTemplate);
		expect((await db.inspections.get(id))?.status).toBe('submitted');
	});

	it('"không kiểm tra được" without a reason is refused by the shared schema', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await expect(
			answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'na', reason: 'not_checkable', text: ' ' } })
		).rejects.toThrow(/not_checkable_reason_required/);
	});
});

describe('signatures bind the content they were given for', () => {
	it('each signature records the fingerprint of the content at signing', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await signBoth(db, id, tinyTemplate, 'refuse');
		const signatures = await db.signatures.toArray();
		expect(signatures).toHaveLength(2);
		for (const s of signatures) expect(s.contentFingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
		expect(signatures[0]?.contentFingerprint).toBe(signatures[1]?.contentFingerprint);
		const queued = (await db.outbox.toArray()).filter((e) => e.mutation.name === 'signInspection');
		expect(queued.map((e) => (e.mutation.args as { contentFingerprint?: string }).contentFingerprint)).toEqual(
			signatures.map(() => signatures[0]?.contentFingerprint)
		);
	});

	it('a change after signing voids the signatures: no submission until signed again', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'fail' } });
		await answerItem(db, { inspectionId: id, itemId: 'A2', officerId: '', value: { kind: 'count', numerator: 5, denominator: 5 } });
		await signBoth(db, id);
		await updateInspectionHeader(db, id, { unitOpinion: 'Đơn vị sẽ khắc phục' });
		expect(await refusalOf(submitInspection(db, id, tinyTemplate))).toEqual({ code: 'signatures_void' });
		await signBoth(db, id);
		await submitInspection(db, id, tinyTemplate);
		expect((await db.inspections.get(id))?.status).toBe('submitted');
	});

	it('a missing signature or refusal blocks submission', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await answerItem(db, { inspectionId: id, itemId: 'A2', officerId: '', value: { kind: 'count', numerator: 5, denominator: 5 } });
		expect(await refusalOf(submitInspection(db, id, tinyTemplate))).toEqual({ code: 'inspector_signature_missing' });
	});
});

const supervisor: Reviewer = { userId: 'sup', role: 'supervisor', provinceCode: 1, unitCode: null, displayName: 'Trưởng phòng Lê' };

describe('no edit is lost across review', () => {
	it("the reviewer's deadline and severity survive return → correction → resubmission, on the same finding", async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerSignAndSubmit(db, id, 'fail');
		const [first] = await db.findings.toArray();
		const firstEndedAt = (await db.inspections.get(id))?.endedAt;
		await adjustFinding(db, supervisor, first!.id, { deadline: '2027-01-15', severity: 'critical', comment: 'Gia hạn' });
		await returnInspection(db, supervisor, id, 'Bổ sung ghi chú mục A1');
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'Bảng niêm yết cũ' });
		await signBoth(db, id);
		await submitInspection(db, id, tinyTemplate);
		const [again] = await db.findings.toArray();
		expect(again).toMatchObject({ id: first!.id, deadline: '2027-01-15', critical: true });
		const inspection = await db.inspections.get(id);
		expect(inspection?.endedAt).toBe(firstEndedAt);
		expect(inspection?.submittedAt).toBeTruthy();
		const submit = (await db.outbox.toArray()).filter((e) => e.mutation.name === 'submitInspection').at(-1)?.mutation;
		expect(submit?.args).toMatchObject({ endedAt: firstEndedAt });
	});

	it("the reviewer's corrective action and detail survive return → correction → resubmission over the inspector's draft", async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerSignAndSubmit(db, id, 'fail');
		const [first] = await db.findings.toArray();
		await adjustFinding(db, supervisor, first!.id, {
			recommendation: 'Thay bảng niêm yết theo Quyết định công bố mới',
			detail: 'Bảng niêm yết còn thủ tục đã bãi bỏ',
			comment: 'Ghi rõ'
		});
		await returnInspection(db, supervisor, id, 'Bổ sung ghi chú mục A1');
		// The inspector types over it while correcting: the reviewer's word still stands.
		await setFindingDraft(db, {
			inspectionId: id,
			itemId: first!.itemId,
			recommendation: 'Khắc phục sau',
			defaultDeadline: first!.deadline
		});
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'Bảng niêm yết cũ' });
		await signBoth(db, id);
		await submitInspection(db, id, tinyTemplate);
		const [again] = await db.findings.toArray();
		expect(again).toMatchObject({
			id: first!.id,
			recommendation: 'Thay bảng niêm yết theo Quyết định công bố mới',
			detail: 'Bảng niêm yết còn thủ tục đã bãi bỏ',
			deadline: first!.deadline
		});
		const submit = (await db.outbox.toArray()).filter((e) => e.mutation.name === 'submitInspection').at(-1)?.mutation;
		expect(submit?.args).toMatchObject({
			findings: [
				{ id: first!.id, recommendation: 'Thay bảng niêm yết theo Quyết định công bố mới', detail: 'Bảng niêm yết còn thủ tục đã bãi bỏ' }
			]
		});
	});

	it('a deadline outside the visit date … +366 days is refused with the server’s code and never queued', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await db.outbox.clear();
		const draft = { inspectionId: id, itemId: 'A1', defaultDeadline: '2026-12-02' };
		await expect(setFindingDraft(db, { ...draft, deadline: '2026-11-24' })).rejects.toMatchObject({ code: 'deadline_before_visit' });
		await expect(setFindingDraft(db, { ...draft, deadline: '2027-11-27' })).rejects.toMatchObject({ code: 'deadline_too_far' });
		expect(await db.outbox.count()).toBe(0);
		expect(await db.findingDrafts.count()).toBe(0);
		await setFindingDraft(db, { ...draft, deadline: '2027-11-26' });
		expect((await db.findingDrafts.get([id, 'A1']))?.deadline).toBe('2027-11-26');
	});

	it('a part above its whole (partOfWhole count) is refused as impossible_count and never queued', async () => {
		const id = await createInspection(db, { header, template: defaultTemplate, createdBy: 'u1' });
		await db.outbox.clear();
		const count = (numerator: number, denominator: number) =>
			answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'count', numerator, denominator } });
		await expect(count(7, 5)).rejects.toMatchObject({ code: 'impossible_count', field: 'value.numerator' });
		expect(await db.outbox.count()).toBe(0);
		expect(await db.answers.count()).toBe(0);
		await count(5, 5);
		expect((await db.answers.toArray())[0]?.value).toEqual({ kind: 'count', numerator: 5, denominator: 5 });
	});

	it('changing the deadline right after typing keeps the typed corrective action', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await setFindingDraft(db, { inspectionId: id, itemId: 'A1', recommendation: 'Thay bảng niêm yết mới', defaultDeadline: '2026-12-02' });
		await setFindingDraft(db, { inspectionId: id, itemId: 'A1', deadline: '2026-12-20', defaultDeadline: '2026-12-20' });
		expect(await db.findingDrafts.get([id, 'A1'])).toMatchObject({ recommendation: 'Thay bảng niêm yết mới', deadline: '2026-12-20' });
		// A deadline alone stores no text: the template's stays the default, never written as typed.
		await setFindingDraft(db, { inspectionId: id, itemId: 'A2', deadline: '2026-12-21', defaultDeadline: '2026-12-21' });
		expect((await db.findingDrafts.get([id, 'A2']))?.recommendation).toBe('');
	});
});
