import { describe, expect, it } from 'vitest';
import type { Principal } from '$lib/domain/permissions';
import { questionnaireSchema, type QuestionnaireVersion } from '$lib/domain/questionnaire';
import defaultQuestionnaire from '$lib/templates/questionnaire-2026-v1.json';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { createInspection, RecordIncompleteError, submitInspection } from './inspection-actions';
import { recordInterview, removeInterview } from './interview-actions';
import { NotAllowedError } from './action-errors';
import { answerSignAndSubmit, header, signBoth, tinyTemplate } from './test-fixtures';
import { questionnaireForNewInterview } from './questionnaire-cache';
import { saveQuestionnaireVersions } from './template-store';
import { answerItem } from './inspection-actions';
import { loadInspectionBundle } from './inspection-queries';

let db: AppDb;
freshDbPerTest('interviews', (fresh) => (db = fresh));

const lead = '01900000-0000-7000-8000-00000000000a';
const ba = '01900000-0000-7000-8000-00000000000b';
const outsider = '01900000-0000-7000-8000-00000000000d';
const who = (userId: string, role: Principal['role'] = 'inspector'): Principal => ({ userId, role, provinceCode: 1, unitCode: null });

const national: QuestionnaireVersion = {
	templateId: 'phong-van-nguoi-dan',
	version: '2026.1',
	name: 'Phiếu hỏi ý kiến người dân (mẫu ngắn của tỉnh)',
	status: 'published',
	effectiveFrom: '2026-01-01',
	scopeProvinceCode: null,
	questionnaire: questionnaireSchema.parse(defaultQuestionnaire)
};

const teamHeader = {
	...header,
	team: [
		{ userId: lead, name: 'Nguyễn Văn An', role: 'truong_doan' as const, position: '', organisation: '' },
		{ userId: ba, name: 'Trần Văn Ba', role: 'thanh_vien' as const, position: '', organisation: '' }
	]
};

const visit = () => createInspection(db, { header: teamHeader, template: tinyTemplate, createdBy: lead });
const mutations = async () => (await db.outbox.orderBy('localId').toArray()).map((e) => e.mutation);
const response = (answers: Record<string, number | string>, facts: Record<string, string> = {}) => ({ answers, facts });

describe('interviews on the phone', () => {
	it('records an interview and its recordInterview entry in one go, pinned to the questionnaire version', async () => {
		const id = await visit();
		const before = await db.outbox.count();
		const interviewId = await recordInterview(db, who(lead), {
			inspectionId: id,
			questionnaire: national,
			response: response({ Q1: 4, Q7: 'no', Q11: '  Chờ lâu  ', Q10: '' }, { ageBand: '30-44' })
		});
		const stored = await db.interviews.get(interviewId);
		expect(stored).toMatchObject({
			inspectionId: id,
			questionnaireId: 'phong-van-nguoi-dan',
			questionnaireVersion: '2026.1',
			// A blank text answer is left out, not sent empty.
			answers: { Q1: 4, Q7: 'no', Q11: '  Chờ lâu  ' },
			facts: { ageBand: '30-44' },
			takenBy: lead
		});
		expect(await db.outbox.count()).toBe(before + 1);
		expect((await mutations()).at(-1)).toMatchObject({
			name: 'recordInterview',
			args: {
				interviewId,
				inspectionId: id,
				questionnaireId: 'phong-van-nguoi-dan',
				questionnaireVersion: '2026.1',
				answers: stored!.answers
			}
		});
	});

	it('correcting an interview replaces it under the same id and keeps when it was taken', async () => {
		const id = await visit();
		const interviewId = await recordInterview(db, who(lead), { inspectionId: id, questionnaire: national, response: response({ Q1: 2 }) });
		const takenAt = (await db.interviews.get(interviewId))!.takenAt;
		await recordInterview(db, who(lead), { inspectionId: id, interviewId, questionnaire: national, response: response({ Q1: 5 }) });
		expect(await db.interviews.where('inspectionId').equals(id).count()).toBe(1);
		expect(await db.interviews.get(interviewId)).toMatchObject({ answers: { Q1: 5 }, takenAt });
		expect((await mutations()).filter((m) => m.name === 'recordInterview').map((m) => m.args)).toMatchObject([
			{ interviewId, answers: { Q1: 2 } },
			{ interviewId, answers: { Q1: 5 } }
		]);
	});

	it('refuses answers that do not fit the questionnaire, saving and queueing nothing', async () => {
		const id = await visit();
		const before = await db.outbox.count();
		for (const bad of [response({}), response({ Q1: 'yes' }), response({ Q99: 3 }), response({ Q1: 3 }, { ageBand: 'child' })])
			await expect(recordInterview(db, who(lead), { inspectionId: id, questionnaire: national, response: bad })).rejects.toMatchObject({
				code: 'response_invalid'
			});
		expect(await db.interviews.count()).toBe(0);
		expect(await db.outbox.count()).toBe(before);
	});

	it('a team member interviews too (their part opens); an account off the team or a ward may not', async () => {
		const id = await visit();
		await recordInterview(db, who(ba), { inspectionId: id, questionnaire: national, response: response({ Q5: 5 }) });
		expect(await db.teamParts.get([id, ba])).toMatchObject({ state: 'open' });
		const refused = (p: Principal) => recordInterview(db, p, { inspectionId: id, questionnaire: national, response: response({ Q5: 1 }) });
		await expect(refused(who(outsider))).rejects.toBeInstanceOf(NotAllowedError);
		await expect(refused(who(lead, 'ward'))).rejects.toMatchObject({ code: 'not_on_team' });
		expect(await db.interviews.count()).toBe(1);
	});

	it('removes an interview with its removeInterview entry; removing it again queues nothing', async () => {
		const id = await visit();
		const interviewId = await recordInterview(db, who(lead), { inspectionId: id, questionnaire: national, response: response({ Q1: 1 }) });
		await removeInterview(db, who(lead), { inspectionId: id, interviewId });
		expect(await db.interviews.get(interviewId)).toBeUndefined();
		expect((await mutations()).at(-1)).toMatchObject({ name: 'removeInterview', args: { inspectionId: id, interviewId } });
		const count = await db.outbox.count();
		await removeInterview(db, who(lead), { inspectionId: id, interviewId });
		expect(await db.outbox.count()).toBe(count);
	});

	it('a submitted record takes no more interviews', async () => {
		const id = await visit();
		await answerSignAndSubmit(db, id);
		await expect(
			recordInterview(db, who(lead), { inspectionId: id, questionnaire: national, response: response({ Q1: 3 }) })
		).rejects.toThrow(/can no longer be edited/);
	});
});

describe('the questionnaire an offline phone uses', () => {
	const provincial: QuestionnaireVersion = {
		...national,
		templateId: 'phong-van-ha-noi',
		version: '2026.2',
		scopeProvinceCode: 1,
		effectiveFrom: '2026-06-01',
		questionnaire: { ...national.questionnaire, id: 'phong-van-ha-noi', version: '2026.2' }
	};

	it('keeps the versions the server listed and picks the one in effect for the province on the visit date', async () => {
		expect(await saveQuestionnaireVersions(db, [national, provincial, { templateId: 'broken' }])).toEqual({ stored: 2, unreadable: 1 });
		expect((await questionnaireForNewInterview(db, 1, '2026-03-01', '2026-12-06'))?.templateId).toBe('phong-van-nguoi-dan');
		expect((await questionnaireForNewInterview(db, 1, '2026-07-01', '2026-12-06'))?.templateId).toBe('phong-van-ha-noi');
		expect((await questionnaireForNewInterview(db, 79, '2026-07-01', '2026-12-06'))?.templateId).toBe('phong-van-nguoi-dan');
		// A visit dated before any took effect takes the one in effect today.
		expect((await questionnaireForNewInterview(db, 79, '2025-01-01', '2026-12-06'))?.version).toBe('2026.1');
	});
});

describe('the annex and the signatures', () => {
	it('the bundle carries the annex; an interview after signing voids the signatures like a changed answer', async () => {
		await saveQuestionnaireVersions(db, [national]);
		const id = await visit();
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await answerItem(db, { inspectionId: id, itemId: 'A2', officerId: '', value: { kind: 'count', numerator: 5, denominator: 5 } });
		await recordInterview(db, who(lead), { inspectionId: id, questionnaire: national, response: response({ Q1: 4, Q2: 2, Q7: 'yes' }) });
		await recordInterview(db, who(lead), { inspectionId: id, questionnaire: national, response: response({ Q1: 5, Q7: 'no' }) });
		const annex = (await loadInspectionBundle(db, id))!.interviewAnnex!;
		expect(annex.respondents).toBe(2);
		expect(annex.factors.find((f) => f.factor === 'TC')).toEqual({ factor: 'TC', n: 2, mean: 4, smallSample: true });
		expect(annex.critical).toEqual([{ questionId: 'Q7', text: national.questionnaire.groups[2]!.questions[2]!.text, count: 1 }]);

		await signBoth(db, id);
		await recordInterview(db, who(lead), { inspectionId: id, questionnaire: national, response: response({ Q1: 1 }) });
		await expect(submitInspection(db, id, tinyTemplate)).rejects.toBeInstanceOf(RecordIncompleteError);
		await expect(submitInspection(db, id, tinyTemplate)).rejects.toMatchObject({ refusal: { code: 'signatures_void' } });
		await signBoth(db, id);
		await submitInspection(db, id, tinyTemplate);
		expect((await db.inspections.get(id))!.status).toBe('submitted');
	});

	it('a record without interviews has no annex', async () => {
		const id = await visit();
		expect((await loadInspectionBundle(db, id))!.interviewAnnex).toBeNull();
	});
});
