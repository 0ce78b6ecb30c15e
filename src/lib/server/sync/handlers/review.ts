/**
 * Review intents: a supervisor (or admin) of the province, never the record's author, returns a
 * submitted record to its inspector with a comment, or approves it.
 *
 * Approval sets `status = 'approved'` and publishes the record to its commune (`publishToWard`)
 * in the same transaction, so a ward never sees an approved record without its findings, nor
 * findings of a record that is not approved.
 *
 * Offline / conflicts: a reviewer may queue these on a tablet. Whoever's intent reaches the
 * server first wins; the other finds the record no longer `submitted` and gets
 * `conflict / not_editable` with the state machine's reason. A return is undone by the
 * inspector's next `submitInspection`, which the return makes possible again.
 */
import type { MutationArgs } from '$lib/domain/protocol';
import { sql } from 'kysely';
import { vietnamDate } from '$lib/domain/dates';
import type { Inspection, InspectionStatus, RecordNumber } from '$lib/domain/inspection';
import type { InspectionRow } from '../../db/schema';
import { publishToWard } from '../publish';
import { applied, type Outcome } from '../results';
import type { HandlerContext } from './context';
import { documentOf } from './inspections';
import { addInspectionEvent, mutationIdOf, reviewTarget, type Target } from './review-context';
import { summarizeRecords } from '../../reports/record-summaries';

/**
 * The record's final number (issue 13): the one it already has (a record keeps its number
 * whatever happens to it later), else the next of its issuing body — the province's inspection
 * team — in the approval year, Vietnam time. One atomic upsert on the counter row: on PostgreSQL
 * a concurrent approval in the same province waits on that row's lock and gets the next number.
 */
async function recordNumberFor(ctx: HandlerContext, row: InspectionRow): Promise<RecordNumber> {
	if (row.record_number !== null && row.record_year !== null) {
		return { number: Number(row.record_number), year: Number(row.record_year) };
	}
	const year = Number(vietnamDate(ctx.now).slice(0, 4));
	const issuer = Number(row.province_code);
	const counter = await ctx.trx
		.insertInto('record_number_counters')
		.values({ issuer, year, last_number: 1 })
		.onConflict((oc) => oc.columns(['issuer', 'year']).doUpdateSet({ last_number: sql<number>`record_number_counters.last_number + 1` }))
		.returning('last_number')
		.executeTakeFirstOrThrow();
	return { number: Number(counter.last_number), year };
}

/** Moves the record to `status` and sends its new state to the pull feed. */
async function setStatus(ctx: HandlerContext, target: Extract<Target, { ok: true }>, status: InspectionStatus): Promise<void> {
	const row = { ...target.inspection, status };
	const version = ctx.log.upsert(target.scope, 'inspection', documentOf(row));
	await ctx.trx.updateTable('inspections').set({ status, version, updated_at: ctx.now }).where('id', '=', row.id).execute();
	await summarizeRecords(ctx.trx, [row.id], ctx.now);
}

/** submitted → returned, with the comment the inspector reads on their next pull. */
export async function returnInspection(ctx: HandlerContext, args: MutationArgs<'returnInspection'>, raw: unknown): Promise<Outcome> {
	const target = await reviewTarget(ctx, 'returnInspection', args.inspectionId);
	if (!target.ok) return target.outcome;
	await addInspectionEvent(ctx, target, mutationIdOf(raw), 'returned', args.comment);
	await setStatus(ctx, target, 'returned');
	return applied;
}

/**
 * submitted → approved, then the snapshot for the commune. The review event is written before
 * the snapshot, so it stays with the reviewers and the inspector (below the ward's floor).
 */
export async function approveInspection(ctx: HandlerContext, args: MutationArgs<'approveInspection'>, raw: unknown): Promise<Outcome> {
	const target = await reviewTarget(ctx, 'approveInspection', args.inspectionId);
	if (!target.ok) return target.outcome;
	await addInspectionEvent(ctx, target, mutationIdOf(raw), 'approved', args.comment);
	const recordNumber = await recordNumberFor(ctx, target.inspection);
	const data = JSON.stringify({ ...(JSON.parse(target.inspection.data) as Inspection), recordNumber });
	await ctx.trx
		.updateTable('inspections')
		.set({ status: 'approved', record_number: recordNumber.number, record_year: recordNumber.year, data, updated_at: ctx.now })
		.where('id', '=', args.inspectionId)
		.execute();
	await summarizeRecords(ctx.trx, [args.inspectionId], ctx.now);
	await publishToWard(ctx, args.inspectionId);
	return applied;
}
