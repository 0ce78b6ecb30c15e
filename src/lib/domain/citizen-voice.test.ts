import { describe, expect, it } from 'vitest';
import {
	assembleCitizenVoice,
	emptyFactorSums,
	formatAverage,
	voiceChange,
	voiceExportRows,
	voiceHasData,
	type VoiceSumRow
} from './citizen-voice';
import type { SipasFactor } from './template';

const sums = (values: Partial<Record<SipasFactor, [number, number]>>) => {
	const factors = emptyFactorSums();
	for (const [f, [n, total]] of Object.entries(values) as [SipasFactor, [number, number]][]) factors[f] = { n, total };
	return factors;
};
const row = (unitCode: number, period: number, source: VoiceSumRow['source'], respondents: number, factors = sums({})): VoiceSumRow => ({
	unitCode,
	period,
	source,
	respondents,
	factors
});

describe('the citizen’s voice from sums', () => {
	// Three periods: 0 (earlier, trend only), 1 (previous), 2 (current).
	const voice = assembleCitizenVoice({
		periods: [
			{ findings: [{ itemId: 'A1', unitCode: 1 }] },
			{ findings: [{ itemId: 'C1', unitCode: 2 }] },
			{
				findings: [
					{ itemId: 'A1', unitCode: 1 },
					{ itemId: 'A1', unitCode: 2 },
					{ itemId: 'C1', unitCode: 1 },
					{ itemId: 'X9', unitCode: 1 }
				]
			}
		],
		rows: [
			row(1, 2, 'interview', 12, sums({ TC: [12, 48], CC: [11, 33] })),
			row(1, 2, 'point', 4, sums({ TC: [4, 10] })),
			row(1, 2, 'flood', 30, sums({ TC: [30, 30] })),
			row(2, 2, 'point', 20, sums({ TC: [20, 90] })),
			row(1, 1, 'interview', 10, sums({ TC: [10, 35] })),
			row(2, 0, 'point', 7, sums({ TC: [7, 21] })),
			// Outside every period asked for: ignored.
			row(1, 5, 'point', 99, sums({ TC: [99, 99] }))
		],
		units: [
			{ code: 2, name: 'Phường Hai' },
			{ code: 1, name: 'Phường Một' },
			{ code: 3, name: 'Phường Ba' }
		],
		itemFactors: new Map<string, SipasFactor>([
			['A1', 'TC'],
			['C1', 'CC']
		])
	});

	it('averages each source apart from sums, keeps floods out, and marks small samples', () => {
		const one = voice.units.find((u) => u.unitCode === 1)!;
		expect(one.current.interviews.respondents).toBe(12);
		expect(one.current.interviews.factors.TC).toEqual({ n: 12, mean: 4, smallSample: false });
		expect(one.current.interviews.factors.CC).toEqual({ n: 11, mean: 3, smallSample: false });
		expect(one.current.interviews.factors.PA).toEqual({ n: 0, mean: null, smallSample: true });
		expect(one.current.point.factors.TC).toEqual({ n: 4, mean: 2.5, smallSample: true });
		expect(one.current.flooded).toBe(30);
		expect(one.current.failedItems).toEqual({ TC: 1, TT: 0, CC: 1, KQ: 0, PA: 0 });
		expect(one.previous.interviews.factors.TC).toEqual({ n: 10, mean: 3.5, smallSample: false });
	});

	it('the scope’s totals are the sums of its units (not a mean of unit means), with every trend period', () => {
		expect(voice.totals.point.respondents).toBe(24);
		expect(voice.totals.point.factors.TC.mean).toBe(100 / 24);
		expect(voice.totals.flooded).toBe(30);
		expect(voice.totals.failedItems).toEqual({ TC: 2, TT: 0, CC: 1, KQ: 0, PA: 0 });
		expect(voice.previousTotals.failedItems).toEqual({ TC: 0, TT: 0, CC: 1, KQ: 0, PA: 0 });
		expect(voice.trend.map((t) => [t.interviews.respondents, t.point.respondents, t.failedItems.TC])).toEqual([
			[0, 7, 1],
			[10, 0, 0],
			[12, 24, 2]
		]);
	});

	it('keeps the scope’s unit order and lists units without data as empty', () => {
		expect(voice.units.map((u) => u.unitCode)).toEqual([2, 1, 3]);
		const three = voice.units[2]!;
		expect(voiceHasData(three.current) || voiceHasData(three.previous)).toBe(false);
		expect(voiceHasData(voice.units[0]!.previous)).toBe(true);
	});

	it('compares with the previous period only when both samples are large enough', () => {
		const one = voice.units.find((u) => u.unitCode === 1)!;
		expect(voiceChange(one.current.interviews.factors.TC, one.previous.interviews.factors.TC)).toBe(0.5);
		expect(voiceChange(one.current.point.factors.TC, one.previous.point.factors.TC)).toBeNull();
		expect(voiceChange({ n: 10, mean: 4, smallSample: false }, { n: 9, mean: 3, smallSample: true })).toBeNull();
	});

	it('prints averages with "n = …" for small samples, and writes one export row per factor', () => {
		expect(formatAverage({ n: 12, mean: 4.256, smallSample: false })).toBe('4,26');
		expect(formatAverage({ n: 4, mean: 2.5, smallSample: true })).toBe('2,50 (n = 4)');
		expect(formatAverage({ n: 4, mean: 2.5, smallSample: true }, '.')).toBe('2.50 (n = 4)');
		expect(formatAverage({ n: 0, mean: null, smallSample: true })).toBe('—');
		const one = voice.units.find((u) => u.unitCode === 1)!;
		const rows = voiceExportRows(one, '2026-Q2', (f) => f.toLowerCase());
		expect(rows.map((r) => r[0])).toEqual(['TC', 'TT', 'CC', 'KQ', 'PA']);
		expect(rows[0]).toEqual(['TC', 'tc', 12, 12, 4, false, 4, 4, 2.5, true, 30, 1, '2026-Q2', 10, 3.5, 0, null, 0]);
	});

	it('needs the period and the one before it', () => {
		expect(() => assembleCitizenVoice({ periods: [{ findings: [] }], rows: [], units: [], itemFactors: new Map() })).toThrow(RangeError);
	});
});
