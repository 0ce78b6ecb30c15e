/**
 * The verifiable draw (issue 16, docs/draw.md): which units a plan visits, chosen so that anyone
 * can recompute the choice from what the server reveals afterwards — the seed, the candidate
 * list and the rule — with nothing but SHA-256 (a shell's `sha256sum` will do).
 *
 * Commit–reveal: the server records SHA-256 of a fresh random seed before it fixes the
 * candidates, so it cannot pick a seed that suits a candidate list (or the other way round)
 * without the published hash giving it away.
 *
 * Pure and shared: the server runs it to draw, the browser and the admin CLI re-run it to check.
 * Uses WebCrypto (globalThis.crypto.subtle), present in browsers and in Node.
 */
import { z } from 'zod';

/** Why a unit is on the candidate list: drawn at random, or always visited. */
export const candidateReasonSchema = z.enum(['in_scope', 'overdue_findings', 'repeated_findings', 'hand_pick']);
export type CandidateReason = z.infer<typeof candidateReasonSchema>;

export const drawCandidateSchema = z.object({
	code: z.string().min(1).max(20),
	reason: candidateReasonSchema,
	/** For a hand pick: the supervisor's reason, in words (required). Otherwise empty. */
	note: z.string().max(500).default('')
});
export type DrawCandidate = z.infer<typeof drawCandidateSchema>;

/** The rule as revealed: how many units in all, and what kept units off the list. */
export const drawRuleSchema = z.object({
	/** Units to visit in all, always-included ones counted first. */
	sampleSize: z.number().int().min(0).max(10_000),
	/** Units with a visit started within this many months are not candidates (0: none excluded). */
	excludeVisitedMonths: z.number().int().min(0).max(120)
});
export type DrawRule = z.infer<typeof drawRuleSchema>;

/** A 32-byte seed written as 64 lower-case hex digits. */
export const seedSchema = z.string().regex(/^[0-9a-f]{64}$/, 'invalid_seed');

export interface DrawnUnit {
	code: string;
	reason: CandidateReason;
	/** The unit's draw score (hex SHA-256); the k smallest in-scope scores are chosen. */
	score: string;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Hex SHA-256 of a UTF-8 text. */
export async function sha256Hex(text: string): Promise<string> {
	return hex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

/** What is published before the draw: SHA-256 of the seed's 64 hex characters. */
export const seedCommitment = (seed: string): Promise<string> => sha256Hex(seed);

/** A unit's score: SHA-256 of `draw:<seed>:<code>`; hex strings of equal length order like the numbers. */
export const drawScore = (seed: string, code: string): Promise<string> => sha256Hex(`draw:${seed}:${code}`);

/** Sample size by default: the coverage target (percent) of the units in scope, rounded up. */
export const defaultSampleSize = (targetPercent: number, unitsInScope: number): number =>
	// The epsilon keeps float noise (e.g. 14.000000000000002) from rounding up a whole number.
	Math.max(0, Math.ceil((targetPercent * unitsInScope) / 100 - 1e-9));

/**
 * The selection, by code: every always-included candidate (overdue or repeated findings, hand
 * picks), then the in-scope candidates with the smallest scores until `sampleSize` units are
 * chosen (ties, which SHA-256 makes practically impossible, by code). Candidates are taken in code
 * order whatever order they come in, and a code listed twice is refused: the list is the input
 * anyone re-checks, so it must have one meaning.
 */
export async function drawSelection(seed: string, candidates: readonly DrawCandidate[], rule: DrawRule): Promise<DrawnUnit[]> {
	seedSchema.parse(seed);
	const sorted = [...candidates].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	const codes = sorted.map((c) => c.code);
	const twice = codes.find((code, i) => i > 0 && code === codes[i - 1]);
	if (twice !== undefined) throw new Error(`Candidate ${twice} is listed twice`);
	const scored = await Promise.all(sorted.map(async (c) => ({ code: c.code, reason: c.reason, score: await drawScore(seed, c.code) })));
	const forced = scored.filter((c) => c.reason !== 'in_scope');
	const pool = scored
		.filter((c) => c.reason === 'in_scope')
		.sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : a.code < b.code ? -1 : 1));
	const drawn = pool.slice(0, Math.max(0, rule.sampleSize - forced.length));
	return [...forced, ...drawn].sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** What a re-check compares: the revealed seed matches the commitment, and the selection recomputes. */
export interface DrawCheck {
	seedMatchesCommitment: boolean;
	selectionMatches: boolean;
	recomputed: string[];
}

export async function checkDraw(revealed: {
	seedHash: string;
	seed: string;
	candidates: readonly DrawCandidate[];
	rule: DrawRule;
	selection: readonly string[];
}): Promise<DrawCheck> {
	const seedMatchesCommitment = (await seedCommitment(revealed.seed)) === revealed.seedHash;
	const recomputed = (await drawSelection(revealed.seed, revealed.candidates, revealed.rule)).map((u) => u.code);
	const claimed = [...revealed.selection].sort();
	const selectionMatches = recomputed.length === claimed.length && recomputed.every((c, i) => c === claimed[i]);
	return { seedMatchesCommitment, selectionMatches, recomputed };
}
