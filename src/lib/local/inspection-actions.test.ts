import { describe, expect, it } from 'vitest';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { addOfficer, answerItem, createInspection, NotEditableError, removeOfficer, submitInspection } from './inspection-actions';
import { header, tinyTemplate } from './test-fixtures';

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
		await submitInspection(db, id, []);
		await expect(
			answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'pass' } })
		).rejects.toBeInstanceOf(NotEditableError);
		expect(await db.answers.count()).toBe(0);
		expect(await names()).toEqual(['createInspection', 'submitInspection']);
		const other = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		expect(other).not.toBe(id);
		expect(await seqs()).toEqual([1, 2, 3]);
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
