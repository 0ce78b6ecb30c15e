/**
 * Re-checks an executed draw from what was revealed (docs/draw.md), as an outsider would, and
 * against the audit log: the seed hashes to the commitment recorded at commit, the selection
 * recomputes from (seed, candidates, rule) with the shared domain function, and the audit entries
 * of both steps say the same as the stored draw. `npm run admin -- verify-draw <drawId>`.
 */
import type { Kysely } from 'kysely';
import { checkDraw, type DrawCandidate, type DrawRule } from '$lib/domain/draw';
import type { Database } from '../db/schema';

export interface DrawVerification {
	found: boolean;
	executed: boolean;
	seedMatchesCommitment: boolean;
	selectionMatches: boolean;
	/** The draw_committed entry names the same seed hash; draw_executed the same seed, candidates and selection. */
	auditMatches: boolean;
	selection: string[];
	recomputed: string[];
}

interface Revealed {
	candidates: DrawCandidate[];
	rule: DrawRule;
	selection: string[];
}

/** JSON with sorted keys: the audit log stores its detail canonically, so key order differs. */
const sorted = (v: unknown): unknown =>
	Array.isArray(v)
		? v.map(sorted)
		: v && typeof v === 'object'
			? Object.fromEntries(
					Object.entries(v)
						.sort(([a], [b]) => (a < b ? -1 : 1))
						.map(([k, x]) => [k, sorted(x)])
				)
			: v;
const same = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

export async function verifyDraw(db: Kysely<Database>, drawId: string): Promise<DrawVerification> {
	const none = { seedMatchesCommitment: false, selectionMatches: false, auditMatches: false, selection: [], recomputed: [] };
	const row = await db.selectFrom('plan_draws').selectAll().where('id', '=', drawId).executeTakeFirst();
	if (!row) return { found: false, executed: false, ...none };
	if (row.executed_at === null || row.result === null) return { found: true, executed: false, ...none };
	const revealed = JSON.parse(row.result) as Revealed;
	const check = await checkDraw({ seedHash: row.seed_hash, seed: row.seed, ...revealed });

	// The audit detail is canonical JSON; a LIKE on the id narrows it, the parse decides.
	const entries = await db
		.selectFrom('audit_log')
		.select(['action', 'detail'])
		.where('action', 'in', ['draw_committed', 'draw_executed'])
		.where('detail', 'like', `%${drawId}%`)
		.orderBy('seq')
		.execute();
	const details = entries
		.map((e) => ({ action: e.action, detail: JSON.parse(e.detail) as Record<string, unknown> }))
		.filter((e) => e.detail.drawId === drawId);
	const committed = details.filter((e) => e.action === 'draw_committed');
	const executed = details.filter((e) => e.action === 'draw_executed');
	const auditMatches =
		committed.length === 1 &&
		executed.length === 1 &&
		committed[0]!.detail.seedHash === row.seed_hash &&
		executed[0]!.detail.seed === row.seed &&
		same(executed[0]!.detail.candidates, revealed.candidates) &&
		same(executed[0]!.detail.rule, revealed.rule) &&
		same(executed[0]!.detail.selection, revealed.selection);

	return {
		found: true,
		executed: true,
		seedMatchesCommitment: check.seedMatchesCommitment,
		selectionMatches: check.selectionMatches,
		auditMatches,
		selection: revealed.selection,
		recomputed: check.recomputed
	};
}
