import { describe, expect, it } from 'vitest';
import { checkDraw, defaultSampleSize, drawScore, drawSelection, seedCommitment, type DrawCandidate } from './draw';

// The worked example of docs/draw.md: these numbers are printed there.
const SEED = '0123456789abcdef'.repeat(4);
const inScope = ['00004', '00007', '00010', '00013', '00019', '00022', '00025'];
const candidates: DrawCandidate[] = [
	...inScope.map((code) => ({ code, reason: 'in_scope' as const, note: '' })),
	{ code: '00016', reason: 'overdue_findings', note: '' }
];

describe('the draw (docs/draw.md worked example)', () => {
	it('commits to the seed with SHA-256 of its hex text', async () => {
		expect(await seedCommitment(SEED)).toBe('a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e');
	});

	it('scores a unit by SHA-256 of draw:seed:code', async () => {
		expect(await drawScore(SEED, '00007')).toBe('0305624b4d1872ba48be04bd5b1add412c9cefc9abc72374e129b48aac4ab5ea');
		expect((await drawScore(SEED, '00016')).slice(0, 16)).toBe('e50f327e740b5c4b');
	});

	it('selects the always-included units and the smallest scores up to the sample size', async () => {
		const selection = await drawSelection(SEED, candidates, { sampleSize: 3, excludeVisitedMonths: 0 });
		expect(selection.map((u) => u.code)).toEqual(['00007', '00016', '00022']);
		expect(selection.find((u) => u.code === '00016')?.reason).toBe('overdue_findings');
	});

	it('does not depend on the order the candidates come in', async () => {
		const shuffled = [...candidates].reverse();
		const a = await drawSelection(SEED, shuffled, { sampleSize: 4, excludeVisitedMonths: 0 });
		expect(a.map((u) => u.code)).toEqual(['00007', '00016', '00019', '00022']);
	});

	it('keeps every always-included unit even past the sample size', async () => {
		const forced: DrawCandidate[] = [...candidates, { code: '00001', reason: 'hand_pick', note: 'complaint' }];
		const selection = await drawSelection(SEED, forced, { sampleSize: 1, excludeVisitedMonths: 0 });
		expect(selection.map((u) => u.code)).toEqual(['00001', '00016']);
	});

	it('refuses a candidate listed twice and a malformed seed', async () => {
		await expect(drawSelection(SEED, [...candidates, candidates[0]!], { sampleSize: 3, excludeVisitedMonths: 0 })).rejects.toThrow(/twice/);
		await expect(drawSelection('abc', candidates, { sampleSize: 3, excludeVisitedMonths: 0 })).rejects.toThrow();
	});

	it('a re-check fails when the seed or the candidate list is tampered with', async () => {
		const seedHash = await seedCommitment(SEED);
		const rule = { sampleSize: 3, excludeVisitedMonths: 0 };
		const selection = ['00007', '00016', '00022'];
		expect(await checkDraw({ seedHash, seed: SEED, candidates, rule, selection })).toMatchObject({
			seedMatchesCommitment: true,
			selectionMatches: true
		});
		const otherSeed = 'f' + SEED.slice(1);
		expect((await checkDraw({ seedHash, seed: otherSeed, candidates, rule, selection })).seedMatchesCommitment).toBe(false);
		const without22 = candidates.filter((c) => c.code !== '00022');
		expect((await checkDraw({ seedHash, seed: SEED, candidates: without22, rule, selection })).selectionMatches).toBe(false);
	});

	it('sizes the sample by the coverage target, rounded up', () => {
		expect(defaultSampleSize(10, 57)).toBe(6);
		expect(defaultSampleSize(10, 50)).toBe(5);
		expect(defaultSampleSize(10, 1)).toBe(1);
		expect(defaultSampleSize(10, 0)).toBe(0);
	});
});
