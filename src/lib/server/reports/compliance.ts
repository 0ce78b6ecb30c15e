/**
 * Compliance over a quarter, per commune of a province (the supervisor's report) or per
 * province (the national roll-up), with the overdue findings of each.
 *
 * What counts, until review scores are stored on the server:
 * - an inspection counts once it is submitted or approved, in the quarter its visit started;
 * - a commune "complies" on an inspection that produced no critical finding; the compliance
 *   rate is the share of such inspections;
 * - a finding is overdue when its deadline (a Vietnam date) is before `today`, its record is
 *   submitted or approved, and it still waits for a fix (open or reopened: `OPEN_STATUSES`, as
 *   `isOverdue` in finding-states.ts) — a reported or verified fix is not overdue.
 *
 * Every area in the list is returned, inspected or not (a commune nobody visited this quarter is
 * exactly what a supervisor needs to see). The per-inspection finding counts are correlated
 * subqueries on the (inspection_id, status, critical, deadline, id) index (migration 007); the quarter is a range on
 * (province_code, started_at) or, nationally, (started_at) — all from migration 005.
 */
import type { Kysely } from 'kysely';
import type { FindingStatus } from '$lib/domain/finding-states';
import type { InspectionStatus } from '$lib/domain/inspection';
import type { Database } from '../db/schema';
import { quarterPeriod, vietnamDate, type Quarter } from './periods';
import { unitNames } from './unit-names';

/** Statuses whose findings are final enough to report. */
export const REPORTED_STATUSES: readonly InspectionStatus[] = ['submitted', 'approved'];

/** Finding statuses that still wait for the commune's fix: the only ones that can be overdue. */
export const OPEN_STATUSES: readonly FindingStatus[] = ['open', 'reopened'];

export interface AreaCompliance {
	code: number;
	name: string;
	inspections: number;
	/** Inspections with no critical finding. */
	compliant: number;
	/** compliant / inspections; null when nothing was inspected. */
	complianceRate: number | null;
	findings: number;
	criticalFindings: number;
	/** Findings past their deadline today, from any quarter. */
	overdueFindings: number;
	/** The earliest deadline among them (YYYY-MM-DD). */
	oldestOverdue: string | null;
}

export interface ComplianceReport {
	quarter: Quarter;
	today: string;
	areas: AreaCompliance[];
	totals: Omit<AreaCompliance, 'code' | 'name' | 'oldestOverdue'>;
}

type Level = { by: 'unit'; provinceCode: number } | { by: 'province' };

const areaColumn = (level: Level) => (level.by === 'unit' ? 'i.unit_code' : 'i.province_code') as 'i.unit_code';

/** Inspections, compliant ones, findings and critical findings per area for the quarter. */
async function quarterFigures(db: Kysely<Database>, level: Level, quarter: Quarter) {
	const { from, to } = quarterPeriod(quarter);
	let inspections = db
		.selectFrom('inspections as i')
		.select((eb) => [
			eb.ref(areaColumn(level)).as('area'),
			eb.selectFrom('findings as f').select(eb.fn.countAll<number>().as('n')).whereRef('f.inspection_id', '=', 'i.id').as('findings'),
			eb
				.selectFrom('findings as f')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('f.inspection_id', '=', 'i.id')
				.where('f.critical', '=', 1)
				.as('critical')
		])
		.where('i.status', 'in', [...REPORTED_STATUSES])
		// Self-inspections (tự kiểm tra) are the ward's own and never count (docs/self-inspection.md).
		.where('i.kind', '=', 'official')
		.where('i.started_at', '>=', from)
		.where('i.started_at', '<', to);
	if (level.by === 'unit') inspections = inspections.where('i.province_code', '=', level.provinceCode);

	return db
		.selectFrom(inspections.as('per'))
		.select((eb) => [
			'per.area',
			eb.fn.countAll<number>().as('inspections'),
			eb.fn.sum<number>(eb.case().when('per.critical', '=', 0).then(1).else(0).end()).as('compliant'),
			eb.fn.sum<number>('per.findings').as('findings'),
			eb.fn.sum<number>('per.critical').as('critical')
		])
		.groupBy('per.area')
		.execute();
}

/**
 * Overdue findings and the oldest deadline among them, per area. A province's communes are
 * counted from the source rows (a few thousand findings); the whole country from the per-commune
 * open counts (open-findings.ts, migration 025): every finding waiting for a fix, less those not
 * yet due — a short range on the findings' deadline (025's index), where the direct count joined
 * every finding of the country with its record. The oldest overdue deadline of a province is the
 * earliest of its communes' oldest open deadlines that lies before `today`.
 */
async function overdueFigures(db: Kysely<Database>, level: Level, today: string) {
	if (level.by === 'province') return overdueByProvince(db, today);
	return db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.select((eb) => [eb.ref(areaColumn(level)).as('area'), eb.fn.countAll<number>().as('overdue'), eb.fn.min('f.deadline').as('oldest')])
		.where('f.deadline', '<', today)
		.where('f.status', 'in', [...OPEN_STATUSES])
		.where('i.status', 'in', [...REPORTED_STATUSES])
		.where('i.kind', '=', 'official')
		.where('i.province_code', '=', level.provinceCode)
		.groupBy(areaColumn(level))
		.execute();
}

async function overdueByProvince(db: Kysely<Database>, today: string) {
	const open = await db
		.selectFrom('unit_open_findings')
		.select((eb) => [
			'province_code as area',
			eb.fn.sum<number>('open_findings').as('open'),
			eb.fn.min(eb.case().when('oldest_deadline', '<', today).then(eb.ref('oldest_deadline')).end()).as('oldest')
		])
		.groupBy('province_code')
		.execute();
	const notYetDue = await db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.select((eb) => ['i.province_code as area', eb.fn.countAll<number>().as('n')])
		.where('f.deadline', '>=', today)
		.where('f.status', 'in', [...OPEN_STATUSES])
		.where('i.status', 'in', [...REPORTED_STATUSES])
		.where('i.kind', '=', 'official')
		.groupBy('i.province_code')
		.execute();
	const notDue = new Map(notYetDue.map((r) => [Number(r.area), Number(r.n)]));
	return open
		.map((r) => ({ area: r.area, overdue: Number(r.open) - (notDue.get(Number(r.area)) ?? 0), oldest: r.oldest }))
		.filter((r) => r.overdue > 0);
}

async function report(db: Kysely<Database>, level: Level, quarter: Quarter, today: string): Promise<ComplianceReport> {
	const [figures, overdue, names] = [await quarterFigures(db, level, quarter), await overdueFigures(db, level, today), await unitNames()];
	const byArea = new Map(figures.map((f) => [Number(f.area), f]));
	const overdueByArea = new Map(overdue.map((o) => [Number(o.area), o]));
	const codes = level.by === 'unit' ? names.communeCodes(level.provinceCode) : names.provinceCodes();
	// Codes outside the bundled list (should not happen) are reported rather than dropped.
	for (const code of [...byArea.keys(), ...overdueByArea.keys()]) if (!codes.includes(code)) codes.push(code);

	const areas = codes.map((code): AreaCompliance => {
		const f = byArea.get(code);
		const o = overdueByArea.get(code);
		const inspections = Number(f?.inspections ?? 0);
		const compliant = Number(f?.compliant ?? 0);
		return {
			code,
			name: level.by === 'unit' ? names.commune(code) : names.province(code),
			inspections,
			compliant,
			complianceRate: inspections > 0 ? compliant / inspections : null,
			findings: Number(f?.findings ?? 0),
			criticalFindings: Number(f?.critical ?? 0),
			overdueFindings: Number(o?.overdue ?? 0),
			oldestOverdue: o?.oldest ? String(o.oldest) : null
		};
	});
	const sum = (key: 'inspections' | 'compliant' | 'findings' | 'criticalFindings' | 'overdueFindings') =>
		areas.reduce((n, a) => n + a[key], 0);
	const totals = {
		inspections: sum('inspections'),
		compliant: sum('compliant'),
		complianceRate: sum('inspections') > 0 ? sum('compliant') / sum('inspections') : null,
		findings: sum('findings'),
		criticalFindings: sum('criticalFindings'),
		overdueFindings: sum('overdueFindings')
	};
	return { quarter, today, areas, totals };
}

/** Per commune of `provinceCode`: the provincial supervisor's quarterly report. */
export function complianceByCommune(
	db: Kysely<Database>,
	input: { provinceCode: number; quarter: Quarter; today?: string }
): Promise<ComplianceReport> {
	return report(db, { by: 'unit', provinceCode: input.provinceCode }, input.quarter, input.today ?? vietnamDate());
}

/** Per province, the whole country: the national roll-up. */
export function complianceByProvince(db: Kysely<Database>, input: { quarter: Quarter; today?: string }): Promise<ComplianceReport> {
	return report(db, { by: 'province' }, input.quarter, input.today ?? vietnamDate());
}
