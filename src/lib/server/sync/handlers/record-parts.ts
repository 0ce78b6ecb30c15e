/**
 * Mutations on the parts of a draft record: officers observed at the counter, answers to
 * checklist items, and the inspector's edits of generated findings.
 *
 * Offline: all are made on the device and replayed in order. Conflicts: the trưởng đoàn and the
 * members of the team write the draft, each member only in the sections they hold (team.ts);
 * answers are keyed by inspection + item + officer, so a retry replaces rather than duplicates,
 * and two accounts' differing answers given without sight of each other are both kept
 * (answers.ts, `decideAnswer`). Once the record is submitted, each of these comes back
 * `conflict / not_editable`.
 */
import type { Officer } from '$lib/domain/inspection';
import type { MutationArgs } from '$lib/domain/protocol';
import { checkAnswer, checkDeadline, unknownItem } from '$lib/domain/record-rules';
import type { ChangeScope } from '../change-log';
import { applied, refuse, type Outcome } from '../results';
import { failedItems, pinnedTemplate, refusedBy } from './content-checks';
import { editableInspection, officerBelongs, officerNotFound, type HandlerContext } from './context';
import { documentOf } from './inspections';
import { findRosterOfficer } from '../../roster/roster-table';
import { mergeAnswer, removeOfficerConflicts } from './answers';
import { itemRefusal, officerRefusal, takePart, type Writable } from './team';

/**
 * An officer picked from a roster must be on the roster of the inspection's own unit: a rosterId
 * of another unit would put a stranger into that person's history. A typed-in officer has none.
 * An entry since marked gone still counts: the device may have picked it from an older copy.
 */
export async function onUnitRoster(ctx: HandlerContext, rosterId: string | undefined, unitCode: number): Promise<boolean> {
	if (rosterId === undefined) return true;
	const entry = await findRosterOfficer(ctx.trx, rosterId);
	return entry?.unitCode === unitCode;
}

export const unknownRosterOfficer = refuse(
	'rejected',
	'unknown_roster_officer',
	"This officer is not on the roster of the inspection's unit",
	'args.rosterId'
);

/** The officer's row but for its keys, at change `version`. */
export function officerColumns(officer: Officer, version: number, now: string) {
	return {
		name: officer.name,
		position: officer.position,
		desk: officer.desk,
		sort_order: officer.order,
		roster_id: officer.rosterId ?? null,
		version,
		updated_at: now
	};
}

export const officerTaken = () => refuse('conflict', 'already_exists', 'This officer is already on the inspection', 'args.id');

async function writeOfficer(ctx: HandlerContext, scope: ChangeScope, officer: Officer, mode: 'insert' | 'update') {
	const version = ctx.log.upsert(scope, 'officer', officer);
	const columns = officerColumns(officer, version, ctx.now);
	if (mode === 'insert') {
		await ctx.trx
			.insertInto('officers')
			.values({ id: officer.id, inspection_id: officer.inspectionId, ...columns })
			.execute();
	} else {
		await ctx.trx.updateTable('officers').set(columns).where('id', '=', officer.id).execute();
	}
}

export async function addOfficer(ctx: HandlerContext, args: MutationArgs<'addOfficer'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'addOfficer', args.inspectionId);
	if (!target.ok) return target.outcome;
	const section = await officerRefusal(ctx, target);
	if (section) return section;
	const existing = await ctx.trx.selectFrom('officers').select('id').where('id', '=', args.id).executeTakeFirst();
	if (existing) return officerTaken();
	if (!(await onUnitRoster(ctx, args.rosterId, Number(target.inspection.unit_code)))) return unknownRosterOfficer;
	await writeOfficer(ctx, target.scope, args, 'insert');
	await takePart(ctx, target);
	return applied;
}

export async function updateOfficer(ctx: HandlerContext, args: MutationArgs<'updateOfficer'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'updateOfficer', args.inspectionId);
	if (!target.ok) return target.outcome;
	const section = await officerRefusal(ctx, target);
	if (section) return section;
	if (!(await officerBelongs(ctx, args.inspectionId, args.id))) return officerNotFound('args.id');
	if (!(await onUnitRoster(ctx, args.rosterId, Number(target.inspection.unit_code)))) return unknownRosterOfficer;
	await writeOfficer(ctx, target.scope, args, 'update');
	await takePart(ctx, target);
	return applied;
}

/**
 * Removes the officer with their answers and photos, as the device does, and sends a tombstone
 * for each. Removing an officer who is already gone is a no-op that still counts as applied.
 */
export async function removeOfficer(ctx: HandlerContext, args: MutationArgs<'removeOfficer'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'removeOfficer', args.inspectionId);
	if (!target.ok) return target.outcome;
	const { scope } = target;
	const { inspectionId, officerId } = args;
	if (!(await officerBelongs(ctx, inspectionId, officerId))) return applied;

	// One statement per table: delete the officer's rows and learn their keys for the devices' deletes.
	const answers = await ctx.trx
		.deleteFrom('answers')
		.where('inspection_id', '=', inspectionId)
		.where('officer_id', '=', officerId)
		.returning('item_id')
		.execute();
	for (const { item_id: itemId } of answers) ctx.log.delete(scope, 'answer', { inspectionId, itemId, officerId });

	const photos = await ctx.trx
		.deleteFrom('photos')
		.where('inspection_id', '=', inspectionId)
		.where('officer_id', '=', officerId)
		.returning('id')
		.execute();
	for (const { id } of photos) ctx.log.delete(scope, 'photo', { id, inspectionId });
	await removeOfficerConflicts(ctx, scope, inspectionId, officerId);

	ctx.log.delete(scope, 'officer', { id: officerId, inspectionId });
	await ctx.trx.deleteFrom('officers').where('id', '=', officerId).execute();
	return applied;
}

/**
 * Sets one answer, by the merge rule (answers.ts): the actor becomes its author, or, when another
 * account answered differently without sight of it, both versions are kept as a conflict. An
 * answer with no value and no note is a cleared answer: the row is deleted and a tombstone sent,
 * so devices and reports never count an empty row as answered. A member answers only in the
 * sections they hold (`section_not_held`).
 */
export async function answerItem(ctx: HandlerContext, args: MutationArgs<'answerItem'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'answerItem', args.inspectionId);
	if (!target.ok) return target.outcome;
	const refusal = await answerRefusal(ctx, target, args, (officerId) => officerBelongs(ctx, args.inspectionId, officerId));
	if (refusal) return refusal;
	await mergeAnswer(ctx, target.scope, args);
	await takePart(ctx, target);
	return applied;
}

/**
 * Why an answer may not go on a record the actor may edit (`target`), or null: the item and the
 * value against the pinned template, the member's section, the officer (`officerOnRecord`: read
 * one by one here, from one read of the whole run in answer-run.ts).
 */
export async function answerRefusal(
	ctx: HandlerContext,
	target: Writable,
	args: MutationArgs<'answerItem'>,
	officerOnRecord: (officerId: string) => boolean | Promise<boolean>
): Promise<Outcome | null> {
	const template = await pinnedTemplate(ctx, target.inspection);
	if (!template.ok) return template.outcome;
	const problem = checkAnswer(template.value, args.itemId, args.value);
	if (problem) return refusedBy(problem);
	const section = itemRefusal(ctx, target, template.value, args.itemId);
	if (section) return section;
	if (!(await officerOnRecord(args.officerId))) return officerNotFound();
	return null;
}

export async function setFindingDraft(ctx: HandlerContext, args: MutationArgs<'setFindingDraft'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'setFindingDraft', args.inspectionId);
	if (!target.ok) return target.outcome;
	const template = await pinnedTemplate(ctx, target.inspection);
	if (!template.ok) return template.outcome;
	const problem = unknownItem(template.value, args.itemId) ?? checkDeadline(args.deadline, documentOf(target.inspection).startedAt);
	if (problem) return refusedBy(problem);
	const section = itemRefusal(ctx, target, template.value, args.itemId);
	if (section) return section;
	if (!(await failedItems(ctx, target.inspection, template.value)).has(args.itemId)) {
		return refuse(
			'rejected',
			'item_not_failed',
			`Item ${args.itemId} has not failed on this record, so it has no finding to edit`,
			'args.itemId'
		);
	}
	const version = ctx.log.upsert(target.scope, 'findingDraft', args);
	const columns = { recommendation: args.recommendation, deadline: args.deadline, version, updated_at: ctx.now };
	await ctx.trx
		.insertInto('finding_drafts')
		.values({ inspection_id: args.inspectionId, item_id: args.itemId, ...columns })
		.onConflict((oc) => oc.columns(['inspection_id', 'item_id']).doUpdateSet(columns))
		.execute();
	await takePart(ctx, target);
	return applied;
}
