import { describe, expect, it } from 'vitest';
import { factorsBesideFindings, interviewAnnex, questionnaireForVisit, signedAnnex } from './interview';
import { questionnaireSchema, type QuestionnaireVersion } from './questionnaire';
import defaultQuestionnaire from '../templates/questionnaire-2026-v1.json';

const questionnaire = questionnaireSchema.parse(defaultQuestionnaire);
const pinned = { questionnaireId: 'phong-van-nguoi-dan', questionnaireVersion: '2026.1' };
const lookup = (templateId: string, version: string) =>
	templateId === pinned.questionnaireId && version === pinned.questionnaireVersion ? questionnaire : null;

describe('the annex of a visit’s interviews', () => {
	it('is null without interviews, so a record without them states nothing', () => {
		expect(interviewAnnex([], lookup)).toBeNull();
	});

	it('scores each interview on the version it pinned, rounds the means it prints and counts critical answers', () => {
		const annex = interviewAnnex(
			[
				{ ...pinned, answers: { Q1: 5, Q2: 4, Q5: 1, Q7: 'yes' }, facts: {} },
				{ ...pinned, answers: { Q1: 4, Q4: 'yes', Q7: 'no' }, facts: {} },
				{ ...pinned, answers: { Q1: 4, Q11: 'Chờ lâu' }, facts: { ageBand: '30-44' } },
				{ questionnaireId: 'khac', questionnaireVersion: '1', answers: { Q1: 1 }, facts: {} }
			],
			lookup
		)!;
		expect(annex.respondents).toBe(3);
		expect(annex.unreadable).toBe(1);
		// (4.5 + 4 + 4) / 3 = 4.1666…
		expect(annex.factors[0]).toEqual({ factor: 'TC', n: 3, mean: 4.17, smallSample: true });
		expect(annex.factors.find((f) => f.factor === 'KQ')).toEqual({ factor: 'KQ', n: 0, mean: null, smallSample: true });
		expect(annex.critical.map((c) => [c.questionId, c.count])).toEqual([
			['Q4', 1],
			['Q5', 1],
			['Q7', 1]
		]);
		expect(annex.respondentsWithCritical).toBe(2);
		expect(signedAnnex(annex)).toEqual({
			respondents: 3,
			factors: annex.factors.map((f) => ({ factor: f.factor, n: f.n, mean: f.mean })),
			critical: [
				{ questionId: 'Q4', count: 1 },
				{ questionId: 'Q5', count: 1 },
				{ questionId: 'Q7', count: 1 }
			]
		});
	});
});

describe('the questionnaire a visit uses', () => {
	const v = (
		templateId: string,
		scope: number | null,
		effectiveFrom: string | null,
		status: QuestionnaireVersion['status'] = 'published'
	) => ({
		templateId,
		version: '1',
		name: templateId,
		status,
		effectiveFrom,
		scopeProvinceCode: scope,
		questionnaire
	});

	it('takes the province’s own in effect on the visit date over the national one, never a retired or draft one', () => {
		const versions = [
			v('quoc-gia', null, '2026-01-01'),
			v('tinh', 1, '2026-06-01'),
			v('cu', 1, '2026-03-01', 'retired'),
			v('nhap', 1, null, 'draft')
		];
		expect(questionnaireForVisit(versions, 1, '2026-04-01', '2026-12-06')?.templateId).toBe('quoc-gia');
		expect(questionnaireForVisit(versions, 1, '2026-07-01', '2026-12-06')?.templateId).toBe('tinh');
		expect(questionnaireForVisit(versions, 2, '2026-07-01', '2026-12-06')?.templateId).toBe('quoc-gia');
		expect(questionnaireForVisit(versions, 2, '2025-07-01', '2026-12-06')?.templateId).toBe('quoc-gia');
		expect(questionnaireForVisit([], 1, '2026-07-01', '2026-12-06')).toBeNull();
	});
});

describe('citizens beside the findings', () => {
	it('puts each factor’s average next to the findings on items of that factor', () => {
		const template = {
			sections: [
				{
					items: [
						{ id: 'A1', sipas: 'TC' as const },
						{ id: 'D2', sipas: 'CC' as const }
					]
				}
			]
		};
		const annex = interviewAnnex([{ ...pinned, answers: { Q5: 2 }, facts: {} }], lookup);
		const rows = factorsBesideFindings(template, [{ itemId: 'D2', title: 'Thái độ chưa đúng mực' }], annex);
		expect(rows.map((r) => r.factor)).toEqual(['TC', 'TT', 'CC', 'KQ', 'PA']);
		expect(rows[2]).toEqual({
			factor: 'CC',
			citizens: { factor: 'CC', n: 1, mean: 2, smallSample: true },
			findings: [{ itemId: 'D2', title: 'Thái độ chưa đúng mực' }]
		});
		expect(rows[0]!.findings).toEqual([]);
		expect(factorsBesideFindings(template, [], null)[0]!.citizens).toBeNull();
	});
});
