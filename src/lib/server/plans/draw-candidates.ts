/**
 * The facts a draw's candidate list is built from (docs/draw.md): which units a plan's scope
 * covers, which were visited recently, which have overdue or repeated findings. Read at
 * execution, after the seed's hash was recorded.
 */
import type { Kysely } from 'kysely';
import type { CandidateReason, DrawCandidate } from '$lib/domain/draw';
import type { CommitDraw, ExcludedUnit, PlanScope } from '$lib/domain/protocol/plans';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import { OPEN_STATUSES, REPORTED_STATUSES } from '../reports/compliance';
import { findProvince, findUnit, unitDirectory } from '../units';
import { vietnamDate } from '$lib/domain/dates';

/** The open units of a scope: the province's communes, centre and open branches, or the listed ones. */
export async function unitsInScope(db: Kysely<Database>, provinceCode: number, scope: PlanScope): Promise<number[]> {
	if (scope.kind === 'units') {
		for (const [i, code] of scope.unitCodes.entries()) {
			const unit = await findUnit(db, code);
			if (!unit?.active || unit.provinceCode !== provinceCode) {
				throw new Refusal(400, 'unit_not_found', `No open unit with code ${code} in province ${provinceCode}`, `scope.unitCodes.${i}`);
			}
		}
		return [...new Set(scope.unitCodes)].sort((a, b) => a - b);
	}
	const province = await findProvince(provinceCode);
	if (!province) throw new Refusal(400, 'province_not_found', `No province with code ${provinceCode}`, 'provinceCode');
	const directory = await unitDirectory(db, province);
	const codes = [...province.communes.map((c) => c.code), ...directory.centres.filter((c) => c.active).map((c) => c.code)];
	return codes.sort((a, b) => a - b);
}

/** The Vietnam date `months` months before `today` (the day clamped to the month's length). */
export function monthsBefore(today: string, months: number): string {
	const [y, m, d] = today.split('-').map(Number) as [number, number, number];
	const total = y * 12 + (m - 1) - months;
	const year = Math.floor(total / 12);
	const month = (total % 12) + 1;
	const day = Math.min(d, new Date(Date.UTC(year, month, 0)).getUTCDate());
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The last started visit (not a plan) of each unit since `since`, by unit code. */
async function recentVisits(db: Kysely<Database>, provinceCode: number, since: string): Promise<Map<number, string>> {
	const rows = await db
		.selectFrom('inspections')
		.select(['unit_code', (eb) => eb.fn.max('started_at').as('last')])
		.where('province_code', '=', provinceCode)
		.where('status', '!=', 'planned')
		// A ward's self-inspection is not a visit: it never spares a unit from the draw.
		.where('kind', '=', 'official')
		.where('started_at', '>=', since)
		.groupBy('unit_code')
		.execute();
	return new Map(rows.map((r) => [Number(r.unit_code), String(r.last)]));
}

/** Units with a finding past its deadline and not fixed, on a submitted or approved record (as reports/overdue.ts). */
async function unitsWithOverdueFindings(db: Kysely<Database>, provinceCode: number, today: string): Promise<Set<number>> {
	const rows = await db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.select('i.unit_code')
		.distinct()
		.where('i.province_code', '=', provinceCode)
		.where('i.status', 'in', [...REPORTED_STATUSES])
		.where('i.kind', '=', 'official')
		.where('f.status', 'in', [...OPEN_STATUSES])
		.where('f.deadline', '<', today)
		.execute();
	return new Set(rows.map((r) => Number(r.unit_code)));
}

/** Units where the same checklist item was a finding on two or more submitted or approved records. */
async function unitsWithRepeatedFindings(db: Kysely<Database>, provinceCode: number): Promise<Set<number>> {
	const rows = await db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.select('i.unit_code')
		.where('i.province_code', '=', provinceCode)
		.where('i.status', 'in', [...REPORTED_STATUSES])
		.where('i.kind', '=', 'official')
		.groupBy(['i.unit_code', 'f.item_id'])
		.having((eb) => eb.fn.count<number>('f.inspection_id').distinct(), '>=', 2)
		.execute();
	return new Set(rows.map((r) => Number(r.unit_code)));
}

/**
 * The candidate list of a draw, by code, and the units left off for a recent visit. A unit that
 * must be visited (hand pick, overdue or repeated findings) is a candidate even when visited
 * recently; a hand pick outside the scope is refused (400 `unit_not_found`).
 */
export async function drawCandidates(
	db: Kysely<Database>,
	provinceCode: number,
	scope: readonly number[],
	request: Omit<CommitDraw, 'id'>,
	today = vietnamDate()
): Promise<{ candidates: DrawCandidate[]; excluded: ExcludedUnit[] }> {
	const inScope = new Set(scope);
	request.handPicks.forEach((pick, i) => {
		if (!inScope.has(pick.code))
			throw new Refusal(400, 'unit_not_found', `Unit ${pick.code} is not in the plan's scope`, `handPicks.${i}.code`);
	});
	const picks = new Map(request.handPicks.map((p) => [p.code, p.reason]));
	const recent =
		request.excludeVisitedMonths > 0
			? await recentVisits(db, provinceCode, monthsBefore(today, request.excludeVisitedMonths))
			: new Map<number, string>();
	const overdue = await unitsWithOverdueFindings(db, provinceCode, today);
	const repeated = await unitsWithRepeatedFindings(db, provinceCode);

	const candidates: DrawCandidate[] = [];
	const excluded: ExcludedUnit[] = [];
	for (const code of scope) {
		// A hand pick keeps the supervisor's words; otherwise the stronger fact first.
		const reason: CandidateReason = picks.has(code)
			? 'hand_pick'
			: overdue.has(code)
				? 'overdue_findings'
				: repeated.has(code)
					? 'repeated_findings'
					: 'in_scope';
		if (reason === 'in_scope' && recent.has(code)) {
			excluded.push({ code: String(code), lastVisit: recent.get(code)! });
			continue;
		}
		candidates.push({ code: String(code), reason, note: picks.get(code) ?? '' });
	}
	const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
	return { candidates: candidates.sort(byCode), excluded: excluded.sort(byCode) };
}
