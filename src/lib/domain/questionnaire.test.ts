import { describe, expect, it } from 'vitest';
import {
	checkResponse,
	freeTextOf,
	maskPersonalData,
	questionnaireSchema,
	summarizeResponses,
	type Questionnaire,
	type Response
} from './questionnaire';
import defaultQuestionnaire from '$lib/templates/questionnaire-2026-v1.json';

const q: Questionnaire = questionnaireSchema.parse(defaultQuestionnaire);
const r = (answers: Response['answers'], facts: Response['facts'] = {}): Response => ({ answers, facts });

describe('the default questionnaire', () => {
	it('covers the five SIPAS factors once each and says it is not the official form', () => {
		expect(q.groups.map((g) => g.factor)).toEqual(['TC', 'TT', 'CC', 'KQ', 'PA']);
		expect(q.intro).toContain('không phải phiếu khảo sát SIPAS chính thức');
	});
});

describe('checkResponse', () => {
	it('accepts a plain response and refuses unknown questions, wrong kinds, unknown facts and empty answers', () => {
		expect(checkResponse(q, r({ Q1: 4, Q4: 'no', Q11: 'Tốt' }, { ageBand: '30-44' }))).toEqual([]);
		expect(checkResponse(q, r({ Q99: 3 }))).toContainEqual({ field: 'answers.Q99', code: 'unknown_question' });
		expect(checkResponse(q, r({ Q1: 'yes' }))).toEqual([{ field: 'answers.Q1', code: 'wrong_value_kind' }]);
		expect(checkResponse(q, r({ Q4: 3 }))).toEqual([{ field: 'answers.Q4', code: 'wrong_value_kind' }]);
		expect(checkResponse(q, r({ Q1: 3 }, { ageBand: '12' }))).toEqual([{ field: 'facts.ageBand', code: 'unknown_option' }]);
		expect(checkResponse(q, r({ Q1: 3 }, { name: 'x' }))).toEqual([{ field: 'facts.name', code: 'unknown_fact' }]);
		expect(checkResponse(q, r({}))).toEqual([{ field: 'answers', code: 'empty_response' }]);
		expect(checkResponse(q, r({ Q11: '   ' }))).toEqual([{ field: 'answers', code: 'empty_response' }]);
	});
});

describe('summarizeResponses (hand-computed)', () => {
	it('averages each respondent once per factor and counts critical answers', () => {
		const s = summarizeResponses([
			// TC: (4 + 2) / 2 = 3; CC: (1 + 3) / 2 = 2, Q5 = 1 is critical; Q7 yes is critical
			{ questionnaire: q, response: r({ Q1: 4, Q2: 2, Q5: 1, Q6: 3, Q7: 'yes', Q11: 'Chờ lâu' }) },
			// TC: 5; Q4 yes is critical; Q9 no is critical
			{ questionnaire: q, response: r({ Q1: 5, Q4: 'yes', Q9: 'no' }) },
			// nothing scaled, nothing critical
			{ questionnaire: q, response: r({ Q7: 'no' }) }
		]);
		expect(s.respondents).toBe(3);
		expect(s.factors.TC).toEqual({ n: 2, mean: 4, smallSample: true });
		expect(s.factors.CC).toEqual({ n: 1, mean: 2, smallSample: true });
		expect(s.factors.TT).toEqual({ n: 0, mean: null, smallSample: true });
		expect(s.respondentsWithCritical).toBe(2);
		expect(s.critical.map((c) => [c.questionId, c.count])).toEqual([
			['Q4', 1],
			['Q5', 1],
			['Q7', 1],
			['Q9', 1]
		]);
		expect(s.withText).toBe(1);
	});

	it('marks ten respondents as enough to rank', () => {
		const s = summarizeResponses(Array.from({ length: 10 }, () => ({ questionnaire: q, response: r({ Q3: 3 }) })));
		expect(s.factors.TT).toEqual({ n: 10, mean: 3, smallSample: false });
	});
});

describe('freeTextOf', () => {
	it('joins the text answers, trimmed', () => {
		expect(freeTextOf(q, r({ Q1: 3, Q11: '  Nhà vệ sinh hỏng ' }))).toBe('Nhà vệ sinh hỏng');
	});
});

describe('maskPersonalData', () => {
	it.each([
		['Gọi tôi 0912 345 678 nhé', 'Gọi tôi ••• nhé'],
		['số +84912345678', 'số •••'],
		['CCCD 001203004567 của tôi', 'CCCD ••• của tôi'],
		['mail a.b@gmail.com', 'mail •••'],
		['Anh Nguyễn Văn Bình ở quầy 2 thu thêm tiền', 'Anh ••• ở quầy 2 thu thêm tiền'],
		['chị Lan rất nhiệt tình', 'chị ••• rất nhiệt tình'],
		['xe 29A-123.45 đỗ chắn cửa', 'xe ••• đỗ chắn cửa']
	])('masks %s', (input, masked) => {
		expect(maskPersonalData(input)).toBe(masked);
	});

	it('leaves ordinary words, short numbers and dates', () => {
		const text = 'Chờ 45 phút, quầy 3 đóng cửa ngày 12/11; công chức tận tình';
		expect(maskPersonalData(text)).toBe(text);
	});
});
