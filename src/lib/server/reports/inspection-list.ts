/**
 * The supervisor's main list: the inspections of one province, newest first, a page at a time,
 * with the commune's name, the inspector's name and how many findings (critical among them)
 * each record has.
 *
 * Two short queries instead of one join with GROUP BY: the page of inspections walks the
 * (province_code, started_at, id) index backwards and stops after the page (migration 005);
 * the finding counts are then read for those ≤ 50 ids only, from the covering
 * (inspection_id, critical, deadline, id) index. The total comes from the province prefix of the
 * same index. Who may call this (supervisor or admin of the province) is the route's business.
 *
 * Filters (issue 18, must-show 5): status, commune, inspector, visit dates (Vietnam days), and a
 * search already resolved to commune codes and inspector ids (work-lists.ts) — so every filter
 * is a plain column test on the indexed prefix. Only official records: a self-inspection is
 * nobody's work to review.
 */
import type { Kysely } from 'kysely';
import type { InspectionStatus } from '$lib/domain/inspection';
import type { Database } from '../db/schema';
import { addDays, startOfVietnamDay } from '$lib/domain/dates';
import { unitNames } from './unit-names';

export const INSPECTION_PAGE_SIZE = 50;

export interface InspectionListQuery {
	provinceCode: number;
	/** 1-based. */
	page?: number;
	pageSize?: number;
	/** Only these statuses; all when absent. */
	statuses?: readonly InspectionStatus[];
	unitCode?: number;
	inspectorId?: string;
	/** Visits from this Vietnam date (inclusive) … */
	from?: string;
	/** … to this one (inclusive). */
	to?: string;
	/** A search resolved to the communes and inspectors whose names match: either matches. */
	matching?: { unitCodes: readonly number[]; inspectorIds: readonly string[] };
}

export interface InspectionListRow {
	id: string;
	status: InspectionStatus;
	unitCode: number;
	unitName: string;
	inspectorId: string;
	inspectorName: string | null;
	startedAt: string;
	endedAt: string | null;
	submittedAt: string | null;
	findings: number;
	criticalFindings: number;
}

export interface InspectionListPage {
	rows: InspectionListRow[];
	total: number;
	page: number;
	pageSize: number;
}

export async function listProvinceInspections(db: Kysely<Database>, query: InspectionListQuery): Promise<InspectionListPage> {
	const pageSize = Math.min(Math.max(1, Math.floor(query.pageSize ?? INSPECTION_PAGE_SIZE)), 200);
	const page = Math.max(1, Math.floor(query.page ?? 1));
	const statuses = query.statuses && query.statuses.length > 0 ? [...query.statuses] : null;

	// Official records only: a ward's self-inspection is nobody's to list (docs/self-inspection.md).
	let scope = db
		.selectFrom('inspections')
		.where('inspections.province_code', '=', query.provinceCode)
		.where('inspections.kind', '=', 'official');
	if (statuses) scope = scope.where('inspections.status', 'in', statuses);
	if (query.unitCode !== undefined) scope = scope.where('inspections.unit_code', '=', query.unitCode);
	if (query.inspectorId !== undefined) scope = scope.where('inspections.owner_user_id', '=', query.inspectorId);
	if (query.from) scope = scope.where('inspections.started_at', '>=', startOfVietnamDay(query.from));
	if (query.to) scope = scope.where('inspections.started_at', '<', startOfVietnamDay(addDays(query.to, 1)));
	const matching = query.matching;
	if (matching) {
		if (matching.unitCodes.length === 0 && matching.inspectorIds.length === 0) return { rows: [], total: 0, page, pageSize };
		scope = scope.where((eb) =>
			eb.or([
				...(matching.unitCodes.length ? [eb('inspections.unit_code', 'in', [...matching.unitCodes])] : []),
				...(matching.inspectorIds.length ? [eb('inspections.owner_user_id', 'in', [...matching.inspectorIds])] : [])
			])
		);
	}

	const rows = await scope
		.leftJoin('users', 'users.id', 'inspections.owner_user_id')
		.select([
			'inspections.id',
			'inspections.status',
			'inspections.unit_code',
			'inspections.started_at',
			'inspections.ended_at',
			'inspections.submitted_at',
			'inspections.owner_user_id',
			'users.display_name'
		])
		.orderBy('inspections.started_at', 'desc')
		.orderBy('inspections.id', 'desc')
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.execute();
	const { total } = await scope.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();

	const counts = new Map<string, { findings: number; critical: number }>();
	if (rows.length > 0) {
		const found = await db
			.selectFrom('findings')
			.select((eb) => [
				'findings.inspection_id',
				eb.fn.countAll<number>().as('findings'),
				eb.fn.sum<number>(eb.case().when('findings.critical', '=', 1).then(1).else(0).end()).as('critical')
			])
			.where(
				'findings.inspection_id',
				'in',
				rows.map((r) => r.id)
			)
			.groupBy('findings.inspection_id')
			.execute();
		for (const f of found) counts.set(f.inspection_id, { findings: Number(f.findings), critical: Number(f.critical) });
	}

	const names = await unitNames();
	return {
		rows: rows.map((r) => ({
			id: r.id,
			status: r.status as InspectionStatus,
			unitCode: r.unit_code,
			unitName: names.commune(r.unit_code),
			inspectorId: r.owner_user_id,
			inspectorName: r.display_name ?? null,
			startedAt: r.started_at,
			endedAt: r.ended_at,
			submittedAt: r.submitted_at,
			findings: counts.get(r.id)?.findings ?? 0,
			criticalFindings: counts.get(r.id)?.critical ?? 0
		})),
		total: Number(total),
		page,
		pageSize
	};
}
