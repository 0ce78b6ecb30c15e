/**
 * A run of consecutive `answerItem` mutations applied as a set (issue 21): a device's autosave
 * pushes dozens in a row, and one by one each cost a savepoint, four reads, a write and a release.
 *
 * Same outcome as `answerItem` applied one after another, in order: the records, answers,
 * conflicts and officers of the whole run are read once, every mutation is checked by the same
 * rules (`editableFrom`, `answerRefusal`) and merged by the same rule (`mergedAnswer`) against
 * the state the ones before it left in memory, and its change rows are numbered in the same order.
 * The answers and conflicts then go in one multi-row upsert each (one delete for cleared answers),
 * holding each key's last state. A refused mutation writes nothing, so no savepoint is needed:
 * every decision is made before anything is written. What the rules read besides (a team's
 * assignments and holdings, a member's part) is read and kept once per record of the run.
 */
import type { Selectable } from 'kysely';
import type { MutationArgs } from '$lib/domain/protocol';
import { insertRows, preparedListsQuery, replacedOnConflict } from '../../db/prepared-queries';
import { statementChunks, textLength } from '../../db/statement-chunks';
import type { AnswerConflictsTable, AnswersTable, InspectionRow } from '../../db/schema';
import { applied, type Outcome } from '../results';
import { answerColumns, conflictColumns, isEmpty, keyOf, logAnswer, mergedAnswer, type AnswerKey } from './answers';
import { editableFrom, inspectionRowsOf, type Editable, type HandlerContext } from './context';
import { answerRefusal } from './record-parts';
import { sendOrAwait } from '../sent-writes';
import { takePart } from './team';
import { Breather, timeToLook } from '../../breather';

type AnswerArgs = MutationArgs<'answerItem'>;
type AnswerRow = Selectable<AnswersTable>;
type ConflictRow = Selectable<AnswerConflictsTable>;

const slotOf = (k: AnswerKey) => JSON.stringify([k.inspectionId, k.itemId, k.officerId]);
const rowSlot = (r: { inspection_id: string; item_id: string; officer_id: string }) =>
	slotOf({ inspectionId: r.inspection_id, itemId: r.item_id, officerId: r.officer_id });

/** Rows per multi-row statement: 10 columns a row stays far below both databases' parameter limits. */
const CHUNK = 500;

/** Applies `run` in order; returns each mutation's outcome. Writes nothing for a refused one. */
export async function applyAnswerRun(ctx: HandlerContext, run: readonly AnswerArgs[]): Promise<Outcome[]> {
	const stored = await readRun(ctx, run);
	const editable = new Map<string, Editable>();
	const partTaken = new Set<string>();
	const written = { answers: new Map<string, AnswerRow | null>(), conflicts: new Map<string, ConflictRow>() };
	const outcomes: Outcome[] = [];
	const breather = new Breather();
	for (const [i, args] of run.entries()) {
		if (timeToLook(i)) await breather.breathe();
		let target = editable.get(args.inspectionId);
		if (!target) {
			target = await editableFrom(ctx, 'answerItem', stored.inspections.get(args.inspectionId));
			editable.set(args.inspectionId, target);
		}
		if (!target.ok) {
			outcomes.push(target.outcome);
			continue;
		}
		const onRecord = (officerId: string) => officerId === '' || stored.officers.has(`${args.inspectionId}/${officerId}`);
		const refusal = await answerRefusal(ctx, target, args, onRecord);
		if (refusal) {
			outcomes.push(refusal);
			continue;
		}
		merge(ctx, target, args, stored, written);
		// A member's first write opens their part: read and written once per record of the run.
		if (target.member && !partTaken.has(args.inspectionId)) {
			await takePart(ctx, target);
			partTaken.add(args.inspectionId);
		}
		outcomes.push(applied);
	}
	await writeRun(ctx, written);
	// From here on these records may have answers or conflicts: a later run looks for them.
	for (const args of run) ctx.fresh?.delete(args.inspectionId);
	return outcomes;
}

interface RunState {
	inspections: Map<string, InspectionRow>;
	answers: Map<string, AnswerRow>;
	conflicts: Map<string, ConflictRow>;
	/** `${inspectionId}/${officerId}` of the officers the run names. */
	officers: Set<string>;
}

const answersOf = preparedListsQuery('answers of items', (trx, [ids, items]) =>
	trx.selectFrom('answers').selectAll().where('inspection_id', 'in', ids!).where('item_id', 'in', items!)
);

const conflictsOf = preparedListsQuery('conflicts of items', (trx, [ids, items]) =>
	trx.selectFrom('answer_conflicts').selectAll().where('inspection_id', 'in', ids!).where('item_id', 'in', items!)
);

/**
 * One read per table for the whole run; a key's rows may come with a few of other officers, which
 * are never looked up. Records created earlier in this transaction and not written to since have
 * no answers or conflicts to read, and their rows are known (`ctx.fresh`): a new record pushed
 * with its answers reads nothing.
 */
async function readRun(ctx: HandlerContext, run: readonly AnswerArgs[]): Promise<RunState> {
	const { trx } = ctx;
	const ids = [...new Set(run.map((a) => a.inspectionId))];
	const stored = ids.filter((id) => !ctx.fresh?.has(id));
	const items = [...new Set(run.map((a) => a.itemId))];
	const officerIds = [...new Set(run.map((a) => a.officerId).filter((o) => o !== ''))];
	// What earlier runs of the transaction held back or sent is written before anything is read.
	if (ctx.sent && (stored.length > 0 || officerIds.length > 0)) {
		if (stored.length > 0) await ctx.deferred?.flush(trx, ctx.sent);
		await ctx.sent.drain();
	}
	const [inspections, answers, conflicts, officers] = await Promise.all([
		inspectionRowsOf(ctx, ids),
		stored.length === 0 ? [] : answersOf(trx, [stored, items]),
		stored.length === 0 ? [] : conflictsOf(trx, [stored, items]),
		officerIds.length === 0 ? [] : trx.selectFrom('officers').select(['id', 'inspection_id']).where('id', 'in', officerIds).execute()
	]);
	return {
		inspections: new Map(inspections.map((r) => [r.id, r])),
		answers: new Map(answers.map((r) => [rowSlot(r), r])),
		conflicts: new Map(conflicts.map((r) => [rowSlot(r), r])),
		officers: new Set(officers.map((o) => `${o.inspection_id}/${o.id}`))
	};
}

/** `mergeAnswer` in memory: the same decision and change rows, the rows kept for `writeRun`. */
function merge(
	ctx: HandlerContext,
	target: Extract<Editable, { ok: true }>,
	args: AnswerArgs,
	state: RunState,
	written: { answers: Map<string, AnswerRow | null>; conflicts: Map<string, ConflictRow> }
) {
	const key = keyOf(args);
	const slot = slotOf(key);
	const keyColumns = { inspection_id: key.inspectionId, item_id: key.itemId, officer_id: key.officerId };
	const stored = state.answers.get(slot);
	const merged = mergedAnswer(stored, state.conflicts.get(slot), args, ctx.actor.userId);
	if (!merged) return;
	if (merged.conflict) {
		const version = ctx.log.upsert(target.scope, 'answerConflict', merged.conflict);
		const row = { ...keyColumns, ...conflictColumns(merged.conflict, version, ctx.now) };
		state.conflicts.set(slot, row);
		written.conflicts.set(slot, row);
	}
	if (isEmpty(merged.answer)) {
		if (!stored) return;
		ctx.log.delete(target.scope, 'answer', key);
		state.answers.delete(slot);
		written.answers.set(slot, null);
		return;
	}
	const version = logAnswer(ctx.log, target.scope, key, merged.answer, merged.via);
	const row = { ...keyColumns, ...answerColumns(merged.answer, merged.via, version, ctx.now) };
	state.answers.set(slot, row);
	written.answers.set(slot, row);
}

/** An answer or conflict row written again takes the new one's values (compiled once: db/prepared-queries.ts). */
const slotKey = ['inspection_id', 'item_id', 'officer_id'] as const;
const answerReplaced = replacedOnConflict<'answers'>('answer replaced', slotKey, [
	'value',
	'note',
	'answered_at',
	'answered_by',
	'via',
	'version',
	'updated_at'
]);
const conflictReplaced = replacedOnConflict<'answer_conflicts'>('conflict replaced', slotKey, [
	'versions',
	'resolved_by',
	'resolved_at',
	'chosen',
	'version',
	'updated_at'
]);

/**
 * Each key's last state: one upsert per table, one delete for the answers cleared. In a push
 * group the upserts are held back (`ctx.deferred`) and go with the other pushes' of the transaction.
 */
async function writeRun(
	{ trx, sent, deferred }: HandlerContext,
	written: { answers: Map<string, AnswerRow | null>; conflicts: Map<string, ConflictRow> }
) {
	// Nothing in the run reads what these write back: they may go without waiting.
	const upserts = [...written.answers.values()].filter((r): r is AnswerRow => r !== null);
	const cleared = [...written.answers].filter(([, r]) => r === null).map(([slot]) => JSON.parse(slot) as [string, string, string]);
	const conflicts = [...written.conflicts.values()];
	if (deferred && sent) {
		const slotted = <R extends AnswerRow | ConflictRow>(rows: R[]) => rows.map((row) => ({ slot: rowSlot(row), row }));
		await deferred.add(trx, sent, 'answer_conflicts', conflictReplaced, slotted(conflicts));
		await deferred.add(trx, sent, 'answers', answerReplaced, slotted(upserts));
		// A delete after them must find them written, and answered before it is sent (SentWrites.drain).
		if (cleared.length > 0) await deferred.writeOut(trx, sent);
		await deleteCleared(trx, sent, cleared);
		return;
	}
	for (let i = 0; i < conflicts.length; i += CHUNK)
		await sendOrAwait(sent, insertRows(trx, 'answer_conflicts', conflicts.slice(i, i + CHUNK), conflictReplaced));
	for (const chunk of statementChunks(upserts, CHUNK, textLength))
		await sendOrAwait(sent, insertRows(trx, 'answers', chunk, answerReplaced), chunk.length);
	await deleteCleared(trx, sent, cleared);
}

/** The answers cleared, in deletes of `CHUNK` keys each. */
async function deleteCleared(trx: HandlerContext['trx'], sent: HandlerContext['sent'], cleared: readonly [string, string, string][]) {
	for (let i = 0; i < cleared.length; i += CHUNK) {
		await sendOrAwait(
			sent,
			trx
				.deleteFrom('answers')
				.where((eb) =>
					eb.or(
						cleared
							.slice(i, i + CHUNK)
							.map(([inspectionId, itemId, officerId]) =>
								eb.and([eb('inspection_id', '=', inspectionId), eb('item_id', '=', itemId), eb('officer_id', '=', officerId)])
							)
					)
				)
				.execute()
		);
	}
}
