/**
 * A run of consecutive `addOfficer` mutations applied as a set (issue 21): a new record reaches
 * the server with its officers in a row, and one by one each cost three round trips (its record,
 * whether the id is taken, the insert) — on PostgreSQL a third of a new record's statements.
 *
 * Same outcome as `addOfficer` applied one after another, in order: the records and the taken
 * ids of the whole run are read once, every mutation is checked by the same rules
 * (`editableFrom`, `officerRefusal`, the roster) against what the ones before it left, and its
 * change rows are numbered in the same order; the officers then go in one multi-row insert. A
 * refused mutation writes nothing, so no savepoint is needed.
 */
import type { Insertable } from 'kysely';
import type { MutationArgs } from '$lib/domain/protocol';
import { insertRows, preparedListQuery } from '../../db/prepared-queries';
import type { OfficersTable } from '../../db/schema';
import { applied, type Outcome } from '../results';
import { editableFrom, inspectionRowsOf, type Editable, type HandlerContext } from './context';
import { officerColumns, officerTaken, onUnitRoster, unknownRosterOfficer } from './record-parts';
import { officerRefusal, takePart } from './team';
import { sendOrAwait } from '../sent-writes';

type OfficerArgs = MutationArgs<'addOfficer'>;

/** Rows per insert: 9 columns a row, far below both databases' parameter limits. */
const CHUNK = 500;

const takenIds = preparedListQuery('officer run: taken ids', (trx, ids) => trx.selectFrom('officers').select('id').where('id', 'in', ids));

/** Applies `run` in order; returns each mutation's outcome. Writes nothing for a refused one. */
export async function applyOfficerRun(ctx: HandlerContext, run: readonly OfficerArgs[]): Promise<Outcome[]> {
	// The officers earlier runs of the transaction sent are written before their ids are looked for.
	await ctx.sent?.drain();
	const [inspections, taken] = await Promise.all([
		inspectionRowsOf(ctx, [...new Set(run.map((a) => a.inspectionId))]),
		takenIds(
			ctx.trx,
			run.map((a) => a.id)
		)
	]);
	const stored = new Map(inspections.map((r) => [r.id, r]));
	const ids = new Set(taken.map((r) => r.id));
	const editable = new Map<string, Editable>();
	const partTaken = new Set<string>();
	const rows: Insertable<OfficersTable>[] = [];
	const outcomes: Outcome[] = [];
	for (const args of run) {
		let target = editable.get(args.inspectionId);
		if (!target) {
			target = await editableFrom(ctx, 'addOfficer', stored.get(args.inspectionId));
			editable.set(args.inspectionId, target);
		}
		const outcome = !target.ok ? target.outcome : await refusal(ctx, target, args, ids);
		if (outcome) {
			outcomes.push(outcome);
			continue;
		}
		const { scope } = target as Extract<Editable, { ok: true }>;
		const version = ctx.log.upsert(scope, 'officer', args);
		rows.push({ id: args.id, inspection_id: args.inspectionId, ...officerColumns(args, version, ctx.now) });
		ids.add(args.id);
		// A member's first write opens their part: once per record of the run, as the answers do.
		if (target.ok && target.member && !partTaken.has(args.inspectionId)) {
			await takePart(ctx, target);
			partTaken.add(args.inspectionId);
		}
		outcomes.push(applied);
	}
	for (let i = 0; i < rows.length; i += CHUNK) {
		// Sent without waiting in a push group: a later read (the answers' officers) queues behind it.
		const insert = insertRows(ctx.trx, 'officers', rows.slice(i, i + CHUNK));
		await sendOrAwait(ctx.sent, insert, Math.min(CHUNK, rows.length - i));
	}
	return outcomes;
}

/** Why `addOfficer` refuses `args` on this record, in its order of checks; null when it may go. */
async function refusal(
	ctx: HandlerContext,
	target: Extract<Editable, { ok: true }>,
	args: OfficerArgs,
	taken: ReadonlySet<string>
): Promise<Outcome | null> {
	const section = await officerRefusal(ctx, target);
	if (section) return section;
	if (taken.has(args.id)) return officerTaken();
	if (!(await onUnitRoster(ctx, args.rosterId, Number(target.inspection.unit_code)))) return unknownRosterOfficer;
	return null;
}
