import { describe, expect, it } from 'vitest';
import { canonicalJson, decideAnswer, mayWriteSection, partsOutstanding, type AnswerVersion } from './team-record';

const pass: AnswerVersion = {
	value: { kind: 'pass', result: 'pass' },
	note: '',
	answeredBy: 'u-an',
	answeredAt: '2026-12-06T08:00:00+07:00'
};
const fail: AnswerVersion = {
	value: { kind: 'pass', result: 'fail' },
	note: '',
	answeredBy: 'u-binh',
	answeredAt: '2026-12-06T08:01:00+07:00'
};

describe('decideAnswer', () => {
	it('sets a first answer, the same author again, and an older app’s answer', () => {
		expect(decideAnswer(null, { ...fail, basedOn: null }, null)).toEqual({ kind: 'set' });
		expect(decideAnswer(pass, { ...pass, value: fail.value, basedOn: null }, null)).toEqual({ kind: 'set' });
		expect(decideAnswer(pass, fail, null)).toEqual({ kind: 'set' });
	});

	it('sets an answer given in sight of the stored one', () => {
		expect(decideAnswer(pass, { ...fail, basedOn: { answeredBy: 'u-an', answeredAt: pass.answeredAt } }, null)).toEqual({ kind: 'set' });
	});

	it('keeps both versions, earliest standing, whatever order they arrive in', () => {
		const ab = decideAnswer(pass, { ...fail, basedOn: null }, null);
		const ba = decideAnswer(fail, { ...pass, basedOn: null }, null);
		expect(ab).toEqual(ba);
		expect(ab).toMatchObject({ kind: 'conflict', answer: pass, versions: [pass, fail] });
	});

	it('keeps the stored answer when the other phone gave the same content', () => {
		expect(decideAnswer(pass, { ...pass, answeredBy: 'u-binh', basedOn: null }, null)).toEqual({ kind: 'keep' });
	});

	it('takes a third version into an open conflict, replacing its author’s earlier one', () => {
		const third: AnswerVersion = { value: null, note: 'unclear', answeredBy: 'u-chi', answeredAt: '2026-12-06T07:59:00+07:00' };
		const open = { versions: [pass, fail], resolvedAt: null };
		const decision = decideAnswer(fail, { ...third, basedOn: null }, open);
		expect(decision).toMatchObject({ kind: 'conflict', answer: third, versions: [third, pass, fail] });
		const again = decideAnswer(third, { ...fail, note: 'sửa', basedOn: null }, open);
		expect(again).toMatchObject({ kind: 'conflict', versions: [pass, { ...fail, note: 'sửa' }] });
	});
});

it('canonicalJson sorts keys at every level', () => {
	expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}');
});

it('a member writes only in held sections; the trưởng đoàn anywhere', () => {
	const holdings = [{ sectionId: 'A', userId: 'u-an' }];
	expect(mayWriteSection(holdings, 'u-lead', 'u-an', 'A')).toBe(true);
	expect(mayWriteSection(holdings, 'u-lead', 'u-an', 'B')).toBe(false);
	expect(mayWriteSection(holdings, 'u-lead', 'u-lead', 'B')).toBe(true);
});

it('parts outstanding are the members neither handed in nor released', () => {
	const parts = [
		{ userId: 'u-an', state: 'handed_in' as const },
		{ userId: 'u-binh', state: 'open' as const },
		{ userId: 'u-chi', state: 'released' as const }
	];
	expect(partsOutstanding(['u-lead', 'u-an', 'u-binh', 'u-chi', 'u-dung'], 'u-lead', parts)).toEqual(['u-binh', 'u-dung']);
});
