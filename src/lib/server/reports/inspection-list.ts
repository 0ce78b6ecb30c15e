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
 */
import type { Kysely } from 'kysely';
import type { InspectionStatus } from '$lib/domain/inspection';
import type { Database } from '../db/schema';
import { unitNames } from './unit-names';

export const INSPECTION_PAGE_SIZE = 50;

export interface InspectionListQuery {
	provinceCode: number;
	/** 1-based. */
	page?: number;
	pageSize?: number;
	/** Only these statuses; all when absent. */
	statuses?: readonly InspectionStatus[];
}

export interface InspectionListRow {
	id: string;
	status: InspectionStatus;
	unitCode: number;
	unitName: string;
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

	const rows = await scope
		.leftJoin('users', 'users.id', 'inspections.owner_user_id')
		.select([
			'inspections.id',
			'inspections.status',
			'inspections.unit_code',
			'inspections.started_at',
			'inspections.ended_at',
			'inspections.submitted_at',
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
