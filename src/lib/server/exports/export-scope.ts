/**
 * What an export may contain for the person asking: the filters they sent, narrowed to what they
 * may read (canSeeInspection in permissions.ts, applied as a query): a supervisor or a
 * province's admin their province, a national admin the country or one province, a ward its own
 * commune's approved records. Only official inspections: a ward's self-inspection is never
 * reported (migration 018).
 */
import { wardVisibleStatuses } from '$lib/domain/permissions';
import { startOfVietnamDay, addDays } from '$lib/domain/dates';
import { defaultExportStatuses, type ExportFilter } from '$lib/domain/exports';
import type { InspectionStatus } from '$lib/domain/inspection';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';

export interface ExportScope {
	/** null: every province (a national admin who named none). */
	provinceCode: number | null;
	unitCode: number | null;
	statuses: InspectionStatus[];
	/** Inclusive UTC ISO bound on started_at. */
	startedFrom: string | null;
	/** Exclusive UTC ISO bound on started_at. */
	startedBefore: string | null;
}

/** The scope of `filter` for `actor`, or 403 when the filter names a province or unit not theirs. */
export function exportScope(actor: Actor, filter: ExportFilter): ExportScope {
	const asked = filter.status && filter.status.length > 0 ? filter.status : defaultExportStatuses;
	const period = {
		startedFrom: filter.from ? startOfVietnamDay(filter.from) : null,
		startedBefore: filter.to ? startOfVietnamDay(addDays(filter.to, 1)) : null
	};
	if (filter.province !== undefined && actor.provinceCode !== null && filter.province !== actor.provinceCode)
		throw new Refusal(403, 'forbidden', 'This province is outside the account’s province', 'province');

	if (actor.role === 'ward') {
		if (actor.unitCode === null) throw new Refusal(403, 'forbidden', 'This ward account has no unit');
		if (filter.unit !== undefined && filter.unit !== actor.unitCode)
			throw new Refusal(403, 'forbidden', 'A ward exports only its own unit', 'unit');
		return {
			provinceCode: actor.provinceCode,
			unitCode: actor.unitCode,
			statuses: asked.filter((s) => wardVisibleStatuses.includes(s)),
			...period
		};
	}
	if (actor.role !== 'supervisor' && actor.role !== 'admin') throw new Refusal(403, 'forbidden', `The ${actor.role} role may not export`);
	return {
		provinceCode: actor.provinceCode ?? filter.province ?? null,
		unitCode: filter.unit ?? null,
		statuses: [...asked],
		...period
	};
}
