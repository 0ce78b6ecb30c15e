/**
 * The supervisor's work lists (issue 18, must-show 5; docs/work-lists.md): the review queue and
 * returned records with score, coverage and critical count, filtered and searched; overdue
 * findings; fixes awaiting verification. Official records only.
 *
 * Search: the words are matched, without diacritics or case (`foldVietnamese`), against the
 * province's commune names (the official list) and its inspectors' names, in memory — a few
 * hundred names — and the query then filters by the codes and ids found, on its indexes.
 */
import type { Kysely } from 'kysely';
import { foldVietnamese } from '$lib/domain/fold';
import type { Principal } from '$lib/domain/principal';
import type { FindingWorkList, InspectionListRequest, InspectionWorkList } from '$lib/domain/protocol/work-lists';
import { daysLeft, vietnamDate } from '$lib/domain/dates';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import { listProvinceInspections } from './inspection-list';
import { overdueFindings } from './overdue';
import { recordFigures } from './record-scores';
import { unitNames } from './unit-names';

export const FINDING_PAGE_SIZE = 100;

/** The province the list is of: the account's own, or for a national admin the one named. */
export function provinceOf(p: Principal, requested: number | undefined): number {
	if (p.provinceCode === null) {
		if (requested === undefined) throw new Refusal(400, 'province_required', 'Name the province (?province=<code>)', 'province');
		return requested;
	}
	if (requested !== undefined && requested !== p.provinceCode)
		throw new Refusal(403, 'outside_own_province', "This province is not the account's", 'province');
	return p.provinceCode;
}

async function inspectorsOf(db: Kysely<Database>, provinceCode: number) {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'display_name'])
		.where('role', '=', 'inspector')
		.where('province_code', '=', provinceCode)
		.orderBy('display_name')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

export async function inspectionWorkList(db: Kysely<Database>, p: Principal, request: InspectionListRequest): Promise<InspectionWorkList> {
	const provinceCode = provinceOf(p, request.province);
	const names = await unitNames();
	const units = names.communeCodes(provinceCode).map((code) => ({ code, name: names.commune(code) }));
	const inspectors = await inspectorsOf(db, provinceCode);
	const words = request.q ? foldVietnamese(request.q) : '';
	const matching = words
		? {
				unitCodes: units.filter((u) => foldVietnamese(u.name).includes(words)).map((u) => u.code),
				inspectorIds: inspectors.filter((i) => foldVietnamese(i.name).includes(words)).map((i) => i.id)
			}
		: undefined;
	const list = await listProvinceInspections(db, {
		provinceCode,
		page: request.page,
		statuses: request.status,
		unitCode: request.unit,
		inspectorId: request.inspector,
		from: request.from,
		to: request.to,
		matching
	});
	const figures = await recordFigures(
		db,
		list.rows.map((r) => r.id)
	);
	return {
		rows: list.rows.map((r) => ({
			id: r.id,
			status: r.status,
			unitCode: r.unitCode,
			unitName: r.unitName,
			inspectorId: r.inspectorId,
			inspectorName: r.inspectorName,
			startedAt: r.startedAt,
			submittedAt: r.submittedAt,
			score: figures.get(r.id)?.score ?? null,
			coverage: figures.get(r.id)?.coverage ?? null,
			findings: r.findings,
			criticalFindings: r.criticalFindings
		})),
		total: list.total,
		page: list.page,
		pageSize: list.pageSize,
		units,
		inspectors
	};
}

/** Fixes the commune reported on published records, oldest deadline first: what waits for verification. */
async function fixesToVerify(db: Kysely<Database>, provinceCode: number, page: number, today: string): Promise<FindingWorkList> {
	const scope = db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.where('i.province_code', '=', provinceCode)
		.where('i.kind', '=', 'official')
		.where('i.status', '=', 'approved')
		.where('f.status', '=', 'fixReported');
	const rows = await scope
		.select(['f.id', 'f.inspection_id', 'f.item_id', 'f.title', 'f.critical', 'f.deadline', 'i.unit_code'])
		.orderBy('f.deadline')
		.orderBy('f.id')
		.limit(FINDING_PAGE_SIZE)
		.offset((page - 1) * FINDING_PAGE_SIZE)
		.execute();
	const { total } = await scope.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
	const names = await unitNames();
	return {
		rows: rows.map((r) => ({
			id: r.id,
			inspectionId: r.inspection_id,
			unitCode: r.unit_code,
			unitName: names.commune(r.unit_code),
			itemId: r.item_id,
			title: r.title,
			critical: r.critical === 1,
			deadline: r.deadline,
			daysOverdue: -daysLeft(r.deadline, today)
		})),
		total: Number(total),
		page
	};
}

export async function findingWorkList(
	db: Kysely<Database>,
	p: Principal,
	request: { province?: number; list: 'overdue' | 'toVerify'; page: number },
	today = vietnamDate()
): Promise<FindingWorkList> {
	const provinceCode = provinceOf(p, request.province);
	if (request.list === 'toVerify') return fixesToVerify(db, provinceCode, request.page, today);
	const overdue = await overdueFindings(db, {
		provinceCode,
		today,
		limit: FINDING_PAGE_SIZE,
		offset: (request.page - 1) * FINDING_PAGE_SIZE
	});
	return { rows: overdue.rows, total: overdue.total, page: request.page };
}
