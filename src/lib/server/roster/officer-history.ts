/**
 * One counter officer's visits across inspections, for reports (docs/roster.md): the records
 * whose officer was picked from the roster entry `rosterId` (officers.roster_id, migration 017).
 * Filtered by the same rule as pull, so a ward sees only its approved records and never learns
 * of a visit in progress through an officer's history.
 */
import type { Kysely } from 'kysely';
import { canSeeInspection } from '$lib/domain/permissions';
import type { Database } from '../db/schema';
import type { Actor } from '../sync/actor';
import { factsOf } from '../sync/handlers/context';

export interface OfficerVisit {
	inspectionId: string;
	/** The officer's row on that inspection. */
	officerId: string;
	unitCode: number;
	startedAt: string;
	status: string;
}

export async function officerHistory(db: Kysely<Database>, actor: Actor, rosterId: string): Promise<OfficerVisit[]> {
	const rows = await db
		.selectFrom('officers')
		.innerJoin('inspections', 'inspections.id', 'officers.inspection_id')
		.selectAll('inspections')
		.select('officers.id as officer_id')
		.where('officers.roster_id', '=', rosterId.toLowerCase())
		// A report of official visits: a ward's self-inspections are not part of anyone's record.
		.where('inspections.kind', '=', 'official')
		.orderBy('inspections.started_at')
		.orderBy('inspections.id')
		.execute();
	return rows
		.filter((row) => canSeeInspection(actor, factsOf(row)))
		.map((row) => ({
			inspectionId: row.id,
			officerId: row.officer_id,
			unitCode: Number(row.unit_code),
			startedAt: row.started_at,
			status: row.status
		}));
}
