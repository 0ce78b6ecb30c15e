/**
 * The overdue findings of a province, oldest deadline first: what the supervisor chases. A
 * finding is overdue when its deadline (Vietnam date) is before `today`, its record is submitted
 * or approved, and it still waits for a fix (open or reopened; see compliance.ts).
 *
 * Two steps so the planner never needs the wide rows for the sort: the page of ids (and the
 * total) comes from the covering indexes of migrations 005 and 007 alone; then only that page's
 * findings are read by primary key.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { OPEN_STATUSES, REPORTED_STATUSES } from './compliance';
import { daysLeft, vietnamDate } from '$lib/domain/dates';
import { unitNames } from './unit-names';

export interface OverdueFinding {
	id: string;
	inspectionId: string;
	unitCode: number;
	unitName: string;
	itemId: string;
	title: string;
	critical: boolean;
	deadline: string;
	daysOverdue: number;
}

export async function overdueFindings(
	db: Kysely<Database>,
	input: { provinceCode: number; today?: string; limit?: number; offset?: number }
): Promise<{ rows: OverdueFinding[]; total: number }> {
	const today = input.today ?? vietnamDate();
	const scope = db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.where('i.province_code', '=', input.provinceCode)
		.where('i.kind', '=', 'official')
		.where('i.status', 'in', [...REPORTED_STATUSES])
		// A self-inspection's findings are the ward's own notes, never remediation findings.
		.where('i.kind', '=', 'official')
		.where('f.status', 'in', [...OPEN_STATUSES])
		.where('f.deadline', '<', today);
	const page = await scope
		.select(['f.id', 'i.unit_code'])
		.orderBy('f.deadline', 'asc')
		.orderBy('f.id', 'asc')
		.limit(Math.min(Math.max(1, input.limit ?? 100), 500))
		.offset(Math.max(0, input.offset ?? 0))
		.execute();
	const { total } = await scope.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
	const unitOf = new Map(page.map((p) => [p.id, p.unit_code]));
	const found =
		page.length === 0
			? []
			: await db
					.selectFrom('findings')
					.select(['id', 'inspection_id', 'item_id', 'title', 'critical', 'deadline'])
					.where(
						'id',
						'in',
						page.map((p) => p.id)
					)
					.orderBy('deadline', 'asc')
					.orderBy('id', 'asc')
					.execute();
	const names = await unitNames();
	return {
		rows: found.map((r) => ({
			id: r.id,
			inspectionId: r.inspection_id,
			unitCode: unitOf.get(r.id)!,
			unitName: names.commune(unitOf.get(r.id)!),
			itemId: r.item_id,
			title: r.title,
			critical: r.critical === 1,
			deadline: r.deadline,
			daysOverdue: -daysLeft(r.deadline, today)
		})),
		total: Number(total)
	};
}
