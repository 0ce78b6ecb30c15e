/**
 * The record's team as accounts (issue 17): the header's `team[].userId` mirrored into
 * `inspection_assignments`, which pull reads (visibility.ts: assigned accounts receive the
 * record's changes). A planned visit arrives with its team assigned (plans.ts); on an unplanned
 * visit the trưởng đoàn adds colleagues with `updateInspectionHeader`, and this keeps the two
 * in step.
 */
import type { Inspection } from '$lib/domain/inspection';
import type { InspectionRow } from '../../db/schema';
import { TEAM_ACCOUNT_ROLES } from '../../plans/plans';
import type { ChangeScope } from '../change-log';
import { applied, refuse, type Outcome } from '../results';
import { answerConflictOf, answerOf, findingOf, officerOf, photoOf, sectionHoldingOf, signatureOf, teamPartOf } from '../row-converters';
import { scopeOf, type HandlerContext } from './context';

const assignedTo = async (ctx: HandlerContext, inspectionId: string) =>
	(await ctx.trx.selectFrom('inspection_assignments').select('user_id').where('inspection_id', '=', inspectionId).execute()).map(
		(a) => a.user_id
	);

/**
 * Why the header's team may not name these accounts, or null. An account added to the team
 * must be, as on a plan's team (plans.ts `teamAccounts`, the team candidates' list), an active
 * inspector or supervisor of the inspected unit's province; accounts already on the team stay.
 */
export async function teamAccountRefusal(
	ctx: HandlerContext,
	inspection: InspectionRow,
	team: Inspection['team']
): Promise<Outcome | null> {
	const assigned = new Set([...(await assignedTo(ctx, inspection.id)), inspection.owner_user_id]);
	const added = team
		.map((m, i) => ({ userId: m.userId, i }))
		.filter((m): m is { userId: string; i: number } => !!m.userId && !assigned.has(m.userId));
	if (added.length === 0) return null;
	const rows = await ctx.trx
		.selectFrom('users')
		.select(['id', 'display_name', 'role', 'province_code', 'disabled'])
		.where(
			'id',
			'in',
			added.map((m) => m.userId)
		)
		.execute();
	for (const { userId, i } of added) {
		const field = `args.patch.team.${i}.userId`;
		const row = rows.find((r) => r.id === userId);
		if (!row) return refuse('rejected', 'user_not_found', `No account with id ${userId}`, field);
		if (!(TEAM_ACCOUNT_ROLES as readonly string[]).includes(row.role))
			return refuse('rejected', 'not_an_inspector', `${row.display_name} is neither an inspector nor a supervisor`, field);
		if (row.disabled) return refuse('rejected', 'inspector_disabled', `The account of ${row.display_name} is disabled`, field);
		if (row.province_code !== inspection.province_code)
			return refuse('rejected', 'inspector_not_in_province', `${row.display_name} is not in the province of the inspected unit`, field);
	}
	return null;
}

/**
 * Makes the record's assignments its team's accounts (the writer's own, if any, is kept). A
 * removed account's sections are freed. Added accounts receive the record whole: their pull
 * cursor may be past its earlier changes, so the record and its parts are written again as a
 * fresh snapshot (as publishing does for a ward), which the earlier readers take as no change.
 */
export async function syncTeamAccounts(ctx: HandlerContext, inspection: InspectionRow, doc: Inspection): Promise<Outcome> {
	const { team } = doc;
	const owner = inspection.owner_user_id;
	const wanted = new Set(team.flatMap((m) => (m.userId && m.userId !== owner ? [m.userId] : [])));
	const current = new Set((await assignedTo(ctx, inspection.id)).filter((id) => id !== owner));
	const added = [...wanted].filter((id) => !current.has(id));
	const removed = [...current].filter((id) => !wanted.has(id));
	// The header may have moved the record to another unit of the province with this change.
	const scope = { ...scopeOf(inspection), unitCode: doc.unit.code };
	if (removed.length > 0) {
		await ctx.trx.deleteFrom('inspection_assignments').where('inspection_id', '=', inspection.id).where('user_id', 'in', removed).execute();
		const freed = await ctx.trx
			.deleteFrom('section_holdings')
			.where('inspection_id', '=', inspection.id)
			.where('user_id', 'in', removed)
			.returning('section_id')
			.execute();
		for (const { section_id: sectionId } of freed) ctx.log.delete(scope, 'sectionHolding', { inspectionId: inspection.id, sectionId });
	}
	if (added.length === 0) return applied;
	await ctx.trx
		.insertInto('inspection_assignments')
		.values(added.map((userId) => ({ inspection_id: inspection.id, user_id: userId, assigned_by: ctx.actor.userId, assigned_at: ctx.now })))
		.execute();
	await resendRecord(ctx, scope, doc);
	return applied;
}

/** Writes the record and every part its team reads as new change rows (see `syncTeamAccounts`). */
async function resendRecord(ctx: HandlerContext, scope: ChangeScope, doc: Inspection) {
	const id = doc.id;
	// One after another: a transaction is one connection.
	const officers = await ctx.trx.selectFrom('officers').selectAll().where('inspection_id', '=', id).orderBy('sort_order').execute();
	const answers = await ctx.trx.selectFrom('answers').selectAll().where('inspection_id', '=', id).execute();
	const photos = await ctx.trx.selectFrom('photos').selectAll().where('inspection_id', '=', id).execute();
	const signatures = await ctx.trx.selectFrom('signatures').selectAll().where('inspection_id', '=', id).execute();
	const findings = await ctx.trx.selectFrom('findings').selectAll().where('inspection_id', '=', id).execute();
	const drafts = await ctx.trx.selectFrom('finding_drafts').selectAll().where('inspection_id', '=', id).execute();
	const holdings = await ctx.trx.selectFrom('section_holdings').selectAll().where('inspection_id', '=', id).execute();
	const conflicts = await ctx.trx.selectFrom('answer_conflicts').selectAll().where('inspection_id', '=', id).execute();
	const parts = await ctx.trx.selectFrom('team_parts').selectAll().where('inspection_id', '=', id).execute();
	ctx.log.upsert(scope, 'inspection', doc);
	for (const r of officers) ctx.log.upsert(scope, 'officer', officerOf(r));
	for (const r of answers) ctx.log.upsert(scope, 'answer', answerOf(r));
	for (const r of photos) ctx.log.upsert(scope, 'photo', photoOf(r));
	for (const r of signatures) ctx.log.upsert(scope, 'signature', signatureOf(r));
	for (const r of findings) ctx.log.upsert(scope, 'finding', findingOf(r));
	for (const r of drafts) {
		const draft = { inspectionId: r.inspection_id, itemId: r.item_id, recommendation: r.recommendation, deadline: r.deadline };
		ctx.log.upsert(scope, 'findingDraft', draft);
	}
	for (const r of holdings) ctx.log.upsert(scope, 'sectionHolding', sectionHoldingOf(r));
	for (const r of conflicts) ctx.log.upsert(scope, 'answerConflict', answerConflictOf(r));
	for (const r of parts) ctx.log.upsert(scope, 'teamPart', teamPartOf(r));
}
