/**
 * What every mutation handler gets, and the checks they share. Handlers run inside the
 * writer-locked transaction and inside a savepoint: if they return anything but `applied`, the
 * caller rolls their writes back, so a refused mutation never leaves half a change behind.
 */
import type { Transaction } from 'kysely';
import type { InspectionStatus } from '$lib/domain/inspection';
import type { MutationName } from '$lib/domain/protocol';
import {
	canApplyMutation,
	canSeeInspection,
	isTeamMember,
	mutationRules,
	type Decision,
	type InspectionFacts,
	type Placement
} from '$lib/domain/permissions';
import type { BlobLookup } from '../../blobs/blob-store';
import { preparedListQuery } from '../../db/prepared-queries';
import type { Database, InspectionRow } from '../../db/schema';
import type { DeferredRows } from '../deferred-rows';
import type { Actor } from '../actor';
import type { ChangeLog, ChangeScope } from '../change-log';
import { refuse, type Outcome } from '../results';
import type { SentWrites } from '../sent-writes';

export interface HandlerContext {
	trx: Transaction<Database>;
	log: ChangeLog;
	actor: Actor;
	blobs: BlobLookup;
	now: string;
	/**
	 * How the mutation reached the server: pushed by the actor's own phone (absent), or relayed by
	 * the trưởng đoàn's phone from a member's part read by QR (issue 17, `relayPart`).
	 */
	via?: 'server' | 'qr';
	/** Set for a run of a push group (apply-push.ts): its writes may go without waiting. */
	sent?: SentWrites;
	/** The transaction's records with no answer or conflict possible yet, and their rows (`WriteScope.fresh`). */
	fresh?: Map<string, InspectionRow>;
	/** Set with `sent` for a run of a push group: upserts that may be held back to go together (deferred-rows.ts). */
	deferred?: DeferredRows;
}

export function scopeOf(row: InspectionRow): ChangeScope {
	return {
		inspectionId: row.id,
		unitCode: row.unit_code,
		provinceCode: row.province_code,
		ownerUserId: row.owner_user_id
	};
}

/** What the shared rules need to know about a stored inspection. */
export function factsOf(row: InspectionRow): InspectionFacts {
	return {
		createdBy: row.owner_user_id,
		status: row.status as InspectionStatus,
		unitCode: row.unit_code,
		provinceCode: row.province_code,
		kind: row.kind
	};
}

/**
 * A refusal by the shared rules as a push result: `forbidden` and `not_found` will never apply
 * (rejected); `not_editable` is the record's state moving on under the device (conflict).
 */
export function outcomeOf(
	decision: Exclude<Decision, { ok: true }>,
	row: InspectionRow | null,
	field: string | undefined = 'args.inspectionId'
): Outcome {
	switch (decision.code) {
		case 'forbidden':
			return refuse('rejected', 'forbidden', decision.reason, field);
		case 'not_found':
			return refuse('rejected', 'not_found', 'No such inspection on the server', field);
		case 'not_editable': {
			const message = row ? `The inspection is ${row.status} and can no longer be changed` : decision.reason;
			return refuse('conflict', 'not_editable', message, field);
		}
	}
}

/**
 * The stored record as far as `actor` may know of it: undefined when they may not see it (the
 * pull rule, assignments included) and approval has not published it. Such a record is answered
 * as one that does not exist, so a refusal tells nobody that a planned visit, or a colleague's
 * draft of it, exists (docs/secrecy.md). Approved records are left as they are: their findings
 * are verified by inspectors of the province who did not write them.
 */
export async function knownTo(ctx: HandlerContext, row: InspectionRow | undefined): Promise<InspectionRow | undefined> {
	if (!row || row.status === 'approved') return row;
	const facts = factsOf(row);
	// The common case — an author's own draft on every autosaved answer — needs no assignment read.
	if (canSeeInspection(ctx.actor, facts)) return row;
	if (ctx.actor.role !== 'inspector') return undefined;
	const assigned = await ctx.trx
		.selectFrom('inspection_assignments')
		.select('inspection_id')
		.where('inspection_id', '=', row.id)
		.where('user_id', '=', ctx.actor.userId)
		.executeTakeFirst();
	return assigned && canSeeInspection(ctx.actor, { ...facts, assignedInspectorIds: [ctx.actor.userId] }) ? row : undefined;
}

/**
 * The record's facts with its team (issue 17): the accounts of its team (`inspection_assignments`)
 * and who holds which section. Only read for someone other than the writer, who needs neither.
 */
export async function teamFactsOf(ctx: HandlerContext, row: InspectionRow): Promise<InspectionFacts> {
	const [assigned, holdings] = await Promise.all([
		ctx.trx.selectFrom('inspection_assignments').select('user_id').where('inspection_id', '=', row.id).execute(),
		ctx.trx.selectFrom('section_holdings').select(['section_id', 'user_id']).where('inspection_id', '=', row.id).execute()
	]);
	return {
		...factsOf(row),
		assignedInspectorIds: assigned.map((a) => a.user_id),
		holdings: holdings.map((h) => ({ sectionId: h.section_id, userId: h.user_id }))
	};
}

/**
 * `facts`: the record as the rules saw it (with its team when the actor is not the writer);
 * `member`: the actor writes as a member of the team, not as the writer.
 */
export type Editable =
	{ ok: true; inspection: InspectionRow; scope: ChangeScope; facts: InspectionFacts; member: boolean } | { ok: false; outcome: Outcome };

/**
 * Loads the inspection `name` changes and asks the shared rule (`canApplyMutation`) whether the
 * actor may: the inspector who created it (the writer) or, for team writes, an account of its
 * team; only while it is a draft or returned. A member's section is checked by the handler,
 * which knows the item (team.ts `sectionRefusal`).
 * The rule checks role, then existence, then ownership, then state, so another user learns
 * nothing about a record they cannot touch; a record they may not see counts as absent (`knownTo`). `unit` is the unit a header patch moves it to.
 */
export async function editableInspection(
	ctx: HandlerContext,
	name: MutationName,
	inspectionId: string,
	unit?: Placement
): Promise<Editable> {
	const stored = await ctx.trx.selectFrom('inspections').selectAll().where('id', '=', inspectionId).executeTakeFirst();
	return editableFrom(ctx, name, stored, unit);
}

/** The records of these ids, in one read: a run of answers or officers reads them all at once. */
export const inspectionsById = preparedListQuery('inspections by id', (trx, ids) =>
	trx.selectFrom('inspections').selectAll().where('id', 'in', ids)
);

/** The rows of `ids`: those this transaction has just inserted as they were stored (`ctx.fresh`), the rest read at once. */
export async function inspectionRowsOf(ctx: HandlerContext, ids: readonly string[]): Promise<InspectionRow[]> {
	const known = ids.flatMap((id) => ctx.fresh?.get(id) ?? []);
	const unknown = ids.filter((id) => !ctx.fresh?.has(id));
	return unknown.length === 0 ? known : [...known, ...(await inspectionsById(ctx.trx, unknown))];
}

/** `editableInspection` for a record already read (the set-based answers read them all at once). */
export async function editableFrom(
	ctx: HandlerContext,
	name: MutationName,
	stored: InspectionRow | undefined,
	unit?: Placement
): Promise<Editable> {
	const inspection = await knownTo(ctx, stored);
	const teamWrite = ['team-draft', 'member-part'].includes(mutationRules[name].target);
	const facts = !inspection
		? null
		: teamWrite && inspection.owner_user_id !== ctx.actor.userId
			? await teamFactsOf(ctx, inspection)
			: factsOf(inspection);
	const decision = canApplyMutation(ctx.actor, name, facts, unit);
	if (!decision.ok) return { ok: false, outcome: outcomeOf(decision, inspection ?? null) };
	if (!inspection || !facts) throw new Error(`rule allowed ${name} on a missing inspection`);
	return { ok: true, inspection, scope: scopeOf(inspection), facts, member: isTeamMember(ctx.actor, facts) };
}

/** An answer or photo for one officer needs that officer to be on this inspection. */
export async function officerBelongs(ctx: HandlerContext, inspectionId: string, officerId: string): Promise<boolean> {
	if (officerId === '') return true;
	const row = await ctx.trx
		.selectFrom('officers')
		.select('id')
		.where('id', '=', officerId)
		.where('inspection_id', '=', inspectionId)
		.executeTakeFirst();
	return row !== undefined;
}

export const officerNotFound = (field = 'args.officerId') =>
	refuse('rejected', 'not_found', 'No such officer on this inspection (it may have been removed)', field);

/**
 * A photo or signature can only be recorded once its bytes are on the server. Missing bytes
 * are `deferred`, not refused: the device uploads them and pushes the same mutation again.
 */
export async function checkBlob(ctx: HandlerContext, expected: { sha256: string; size: number; mime: string }): Promise<Outcome | null> {
	const stored = await ctx.blobs.stat(expected.sha256);
	if (!stored) {
		return refuse('deferred', 'missing_blob', 'The bytes are not on the server yet; upload them, then push again', 'args.sha256');
	}
	if (stored.size !== expected.size) {
		const message = `The stored file has ${stored.size} bytes, not ${expected.size}`;
		return refuse('rejected', 'blob_mismatch', message, 'args.size');
	}
	if (stored.mime !== expected.mime) {
		return refuse('rejected', 'blob_mismatch', `The stored file is ${stored.mime}, not ${expected.mime}`, 'args.mime');
	}
	return null;
}
