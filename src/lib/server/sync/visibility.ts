/**
 * Who receives which change rows on pull (docs/sync-protocol.md, "Who receives what").
 *
 * Two layers, the second one the authority:
 * 1. `visibleChanges(actor)` narrows in SQL, over the change row joined with its inspection's
 *    current row, to the actor's candidates, using the scope columns copied onto every change
 *    (owner, unit, province: each has an index ending in version).
 * 2. `mayReceive(…)` runs the shared rule `canSeeInspection` on the inspection's *current*
 *    facts (status, unit, province, owner, assignment), plus the wards' publication floor.
 *
 * Why the floor: a ward may read a record only once approved, and then only what approval
 * published — never the draft history that led to it. Publishing (see publish.ts) writes a
 * fresh snapshot of the record and remembers its first version; wards receive changes from that
 * version on. Because the snapshot is new, a ward whose cursor passed the record's older rows
 * still receives it.
 *
 * Per entity, the registry's `visibleTo` (protocol/entities.ts) is the declaration both layers
 * follow: rows of entities marked `wards: 'never'` (finding drafts, review events) never reach
 * a ward, whatever their version.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { InspectionKind, InspectionStatus } from '$lib/domain/inspection';
import { entities, hiddenFromWards, type EntityName, type WardAccess } from '$lib/domain/protocol';
import { canSeeInspection, wardVisibleStatuses, type Role } from '$lib/domain/permissions';
import type { Database } from '../db/schema';
import type { Actor } from './actor';

/** Roles that see a record only once it is published to them, and only from then on. */
const publishedOnly: readonly Role[] = ['ward'];

const everything = sql<SqlBool>`1 = 1`;

type PullTables = ExpressionBuilder<Database, 'changes' | 'inspections'>;

/**
 * The SQL half: every row the rule lets `actor` see passes it (it may let a few more through;
 * `mayReceive` drops those). Province on a change row always matches its inspection, because no
 * rule lets a record change province; the owner changes once, when an assigned inspector starts a
 * planned visit, and both owners are assigned or see the province, so the filter still holds. The
 * unit can change within a province before publication, so the ward's filter also checks the
 * inspection's current unit.
 */
export function visibleChanges(actor: Actor) {
	return (eb: PullTables): Expression<SqlBool> => {
		switch (actor.role) {
			case 'inspector': {
				const assigned = eb
					.selectFrom('inspection_assignments')
					.select('inspection_assignments.inspection_id')
					.where('inspection_assignments.user_id', '=', actor.userId);
				return eb.or([eb('changes.owner_user_id', '=', actor.userId), eb('changes.inspection_id', 'in', assigned)]);
			}
			case 'supervisor':
			case 'admin':
				return actor.provinceCode === null ? everything : eb('changes.province_code', '=', actor.provinceCode);
			case 'ward':
				if (actor.unitCode === null) return sql<SqlBool>`1 = 0`;
				return eb.or([
					eb.and([
						...wardProvince(eb, actor),
						eb('inspections.kind', '=', 'official'),
						eb('changes.unit_code', '=', actor.unitCode),
						eb('inspections.unit_code', '=', actor.unitCode),
						eb('inspections.status', 'in', [...wardVisibleStatuses]),
						eb('inspections.published_version', 'is not', null),
						eb('changes.version', '>=', eb.ref('inspections.published_version')),
						eb('changes.entity', 'not in', hiddenFromWards)
					]),
					// Its own self-inspections, whole and in every state, like an inspector's own records.
					eb.and([
						eb('inspections.kind', '=', 'self'),
						eb('changes.owner_user_id', '=', actor.userId),
						eb('inspections.unit_code', '=', actor.unitCode)
					])
				]);
		}
	};
}

/**
 * A ward receives records of its own unit only, and the unit lies in the ward's province: unit
 * codes are the official list's (the server refuses any other), so this only guards against a
 * record stored before units were checked naming another province's commune.
 */
function wardProvince(eb: PullTables, actor: Actor): Expression<SqlBool>[] {
	return actor.provinceCode === null ? [] : [eb('changes.province_code', '=', actor.provinceCode)];
}

const inWardProvince = (actor: Actor, row: CandidateRow) => actor.provinceCode === null || row.province_code === actor.provinceCode;

/** The registry's word on wards for a change row's entity; an unknown entity is never sent. */
function wardAccess(entity: string): WardAccess {
	return entity in entities ? entities[entity as EntityName].visibleTo.wards : 'never';
}

/** A change row with its inspection's current facts, as pull reads it. */
export interface CandidateRow {
	version: number;
	entity: string;
	inspection_id: string;
	owner_user_id: string;
	status: string;
	unit_code: number;
	province_code: number;
	published_version: number | null;
	kind: InspectionKind;
}

/**
 * The authority: may `actor` receive this change? `assignedToActor` says whether the actor is
 * assigned to the row's inspection (only inspectors' pulls look it up).
 */
export function mayReceive(actor: Actor, row: CandidateRow, assignedToActor: boolean): boolean {
	const facts = {
		createdBy: row.owner_user_id,
		status: row.status as InspectionStatus,
		unitCode: row.unit_code,
		provinceCode: row.province_code,
		assignedInspectorIds: assignedToActor ? [actor.userId] : [],
		kind: row.kind
	};
	if (!canSeeInspection(actor, facts)) return false;
	// A self-inspection reaches only its author (the rule above), who wrote all of it.
	if (row.kind === 'self' || !publishedOnly.includes(actor.role)) return true;
	if (wardAccess(row.entity) === 'never' || !inWardProvince(actor, row)) return false;
	return row.published_version !== null && Number(row.version) >= Number(row.published_version);
}
