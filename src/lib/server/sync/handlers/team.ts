/**
 * One record, several phones (issue 17; domain/team-record.ts): the record's team fills it
 * together. The trưởng đoàn (the record's writer) may change anything; each other account of
 * the team writes only in the sections it holds, takes free sections and frees its own, and
 * hands in its part when done. The record is submitted only once no answer conflict is open and
 * every member who took part has handed in or been released (`teamRefusal`).
 *
 * Exactly once: like every intent these are applied once per mutationId (apply-push.ts), and
 * each is also idempotent by content (holding what one holds, handing in twice, releasing twice).
 */
import type { MutationArgs } from '$lib/domain/protocol';
import { canWriteSection, holdRefusal } from '$lib/domain/permissions';
import { findItem, unknownSection } from '$lib/domain/record-rules';
import { partsOutstanding, type TeamPart } from '$lib/domain/team-record';
import type { Template } from '$lib/domain/template';
import type { InspectionRow } from '../../db/schema';
import type { ChangeScope } from '../change-log';
import { applied, refuse, type Outcome } from '../results';
import { teamPartOf } from '../row-converters';
import { pinnedTemplate, refusedBy } from './content-checks';
import { editableInspection, teamFactsOf, type Editable, type HandlerContext } from './context';

export type Writable = Extract<Editable, { ok: true }>;

/**
 * Refuses a member's write in a section they do not hold (`section_not_held`, naming `field`);
 * null for the writer and for a section the member holds.
 */
export function sectionRefusal(ctx: HandlerContext, target: Writable, sectionId: string, field: string): Outcome | null {
	if (canWriteSection(ctx.actor, target.facts, sectionId)) return null;
	const holder = target.facts.holdings?.find((h) => h.sectionId === sectionId);
	const message = holder ? `Section ${sectionId} is held by another member` : `Section ${sectionId} is not held by you`;
	return refuse('rejected', 'section_not_held', message, field);
}

/** The member's write on an item: refused outside their sections (an unknown item is checked before). */
export function itemRefusal(ctx: HandlerContext, target: Writable, template: Template, itemId: string, field = 'args.itemId') {
	const section = findItem(template, itemId)?.section.id;
	return section === undefined ? null : sectionRefusal(ctx, target, section, field);
}

/**
 * Officers are the record's, observed for the per-officer items: a member adds or corrects them
 * only while holding a section with such items.
 */
export async function officerRefusal(ctx: HandlerContext, target: Writable, field = 'args.id'): Promise<Outcome | null> {
	if (!target.member) return null;
	const template = await pinnedTemplate(ctx, target.inspection);
	if (!template.ok) return template.outcome;
	const perOfficer = template.value.sections.filter((s) => s.items.some((i) => i.perOfficer));
	if (perOfficer.some((s) => canWriteSection(ctx.actor, target.facts, s.id))) return null;
	return refuse('rejected', 'section_not_held', 'Officers are changed by whoever holds a section with per-officer items', field);
}

/**
 * A photo of no item (the counter, the notice board) belongs to no section: a member takes one
 * while holding any section.
 */
export function generalPhotoRefusal(ctx: HandlerContext, target: Writable): Outcome | null {
	if (!target.member || target.facts.holdings?.some((h) => h.userId === ctx.actor.userId)) return null;
	return refuse('rejected', 'section_not_held', 'A member photographs once they hold a section', 'args.itemId');
}

async function partOf(ctx: HandlerContext, inspectionId: string, userId: string) {
	return ctx.trx
		.selectFrom('team_parts')
		.selectAll()
		.where('inspection_id', '=', inspectionId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
}

async function writePart(ctx: HandlerContext, scope: ChangeScope, part: TeamPart) {
	const version = ctx.log.upsert(scope, 'teamPart', part);
	const columns = { state: part.state, via: part.via, reason: part.reason, at: part.at, version, updated_at: ctx.now };
	await ctx.trx
		.insertInto('team_parts')
		.values({ inspection_id: part.inspectionId, user_id: part.userId, ...columns })
		.onConflict((oc) => oc.columns(['inspection_id', 'user_id']).doUpdateSet(columns))
		.execute();
}

/**
 * A member's write makes their part open: listed when it is their first, opened again when it
 * comes after their hand-in (the part they handed in is no longer all of it). A release stands:
 * the trưởng đoàn went on without them, and what still arrives merges like any answer.
 */
export async function takePart(ctx: HandlerContext, target: Writable): Promise<void> {
	if (!target.member) return;
	const row = await partOf(ctx, target.inspection.id, ctx.actor.userId);
	if (row && row.state !== 'handed_in') return;
	const part: TeamPart = { inspectionId: target.inspection.id, userId: ctx.actor.userId, state: 'open', via: null, reason: '', at: null };
	await writePart(ctx, target.scope, part);
}

/**
 * Puts sections in an account's hands or frees them (`holdRefusal` in permissions.ts): the
 * trưởng đoàn hands out and takes back any; a member takes free sections and frees their own.
 */
export async function holdSections(ctx: HandlerContext, args: MutationArgs<'holdSections'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'holdSections', args.inspectionId);
	if (!target.ok) return target.outcome;
	const template = await pinnedTemplate(ctx, target.inspection);
	if (!template.ok) return template.outcome;
	const unknown = unknownSection(template.value, args.sectionIds);
	if (unknown) return refusedBy(unknown);
	// The writer's facts were read without the team; a member's with it.
	const facts = target.member ? target.facts : await teamFactsOf(ctx, target.inspection);
	const refusal = holdRefusal(ctx.actor, facts, args.sectionIds, args.userId);
	if (refusal) {
		const index = refusal.sectionId === undefined ? -1 : args.sectionIds.indexOf(refusal.sectionId);
		return refuse('rejected', refusal.code, refusal.reason, index >= 0 ? `args.sectionIds.${index}` : 'args.userId');
	}
	for (const sectionId of new Set(args.sectionIds)) {
		const holder = facts.holdings?.find((h) => h.sectionId === sectionId)?.userId ?? null;
		if (holder === args.userId) continue;
		const key = { inspectionId: args.inspectionId, sectionId };
		if (args.userId === null) {
			ctx.log.delete(target.scope, 'sectionHolding', key);
			await ctx.trx
				.deleteFrom('section_holdings')
				.where('inspection_id', '=', key.inspectionId)
				.where('section_id', '=', sectionId)
				.execute();
			continue;
		}
		const version = ctx.log.upsert(target.scope, 'sectionHolding', { ...key, userId: args.userId });
		const columns = { user_id: args.userId, version, updated_at: ctx.now };
		await ctx.trx
			.insertInto('section_holdings')
			.values({ inspection_id: key.inspectionId, section_id: sectionId, ...columns })
			.onConflict((oc) => oc.columns(['inspection_id', 'section_id']).doUpdateSet(columns))
			.execute();
	}
	if (args.userId !== null) await takePart(ctx, target);
	return applied;
}

/**
 * A member says their part is complete. Queued after their last change, it arrives after it
 * (through the server, or relayed from a QR transfer: `via`). Handing in again keeps the first
 * hand-in unless a later write reopened the part.
 */
export async function handInPart(ctx: HandlerContext, args: MutationArgs<'handInPart'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'handInPart', args.inspectionId);
	if (!target.ok) return target.outcome;
	const row = await partOf(ctx, args.inspectionId, ctx.actor.userId);
	if (row && row.state !== 'open') return applied;
	const via = ctx.via ?? 'server';
	await writePart(ctx, target.scope, {
		inspectionId: args.inspectionId,
		userId: ctx.actor.userId,
		state: 'handed_in',
		via,
		reason: '',
		at: args.handedInAt
	});
	return applied;
}

/**
 * The trưởng đoàn goes on without a member's part, saying why. A part already handed in needs no
 * release and keeps its hand-in.
 */
export async function releaseMember(ctx: HandlerContext, args: MutationArgs<'releaseMember'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'releaseMember', args.inspectionId);
	if (!target.ok) return target.outcome;
	if (args.userId === target.inspection.owner_user_id) {
		return refuse('rejected', 'invalid', 'The trưởng đoàn has no part to release', 'args.userId');
	}
	const [onTeam, members] = await Promise.all([
		ctx.trx
			.selectFrom('inspection_assignments')
			.select('user_id')
			.where('inspection_id', '=', args.inspectionId)
			.where('user_id', '=', args.userId)
			.executeTakeFirst(),
		membersWhoTookPart(ctx, target.inspection)
	]);
	if (!onTeam && !members.includes(args.userId)) {
		return refuse('rejected', 'not_on_team', "The account is not on the record's team and took no part in it", 'args.userId');
	}
	const row = await partOf(ctx, args.inspectionId, args.userId);
	if (row?.state === 'handed_in' || (row?.state === 'released' && row.reason === args.reason)) return applied;
	await writePart(ctx, target.scope, {
		inspectionId: args.inspectionId,
		userId: args.userId,
		state: 'released',
		via: null,
		reason: args.reason,
		at: ctx.now
	});
	return applied;
}

/**
 * The accounts other than the writer that took part in the record: hold a section, gave one of
 * its answers (or a version of a conflicting one), added one of its photos or took an interview.
 */
async function membersWhoTookPart(ctx: HandlerContext, inspection: InspectionRow): Promise<string[]> {
	const id = inspection.id;
	const [holders, authors, photographers, conflicts, interviewers] = await Promise.all([
		ctx.trx.selectFrom('section_holdings').select('user_id as id').where('inspection_id', '=', id).distinct().execute(),
		ctx.trx.selectFrom('answers').select('answered_by as id').where('inspection_id', '=', id).distinct().execute(),
		ctx.trx.selectFrom('photos').select('added_by as id').where('inspection_id', '=', id).distinct().execute(),
		ctx.trx.selectFrom('answer_conflicts').select('versions').where('inspection_id', '=', id).execute(),
		ctx.trx.selectFrom('interviews').select('taken_by as id').where('inspection_id', '=', id).distinct().execute()
	]);
	const versionAuthors = conflicts.flatMap((c) => (JSON.parse(c.versions) as { answeredBy: string }[]).map((v) => ({ id: v.answeredBy })));
	const ids = new Set([...holders, ...authors, ...photographers, ...versionAuthors, ...interviewers].map((r) => r.id));
	ids.delete('');
	ids.delete(inspection.owner_user_id);
	return [...ids].sort();
}

/**
 * Why the trưởng đoàn may not submit yet, or null: an answer conflict still open
 * (`answer_conflicts_open`), or a member who took part and has neither handed in nor been
 * released (`team_parts_outstanding`).
 */
export async function teamRefusal(ctx: HandlerContext, inspection: InspectionRow): Promise<Outcome | null> {
	const open = await ctx.trx
		.selectFrom('answer_conflicts')
		.select(['item_id', 'officer_id'])
		.where('inspection_id', '=', inspection.id)
		.where('resolved_at', 'is', null)
		.orderBy('item_id')
		.execute();
	if (open.length > 0) {
		const items = [...new Set(open.map((c) => c.item_id))].join(', ');
		return refuse(
			'rejected',
			'answer_conflicts_open',
			`Choose between the conflicting answers first (items ${items})`,
			'args.inspectionId'
		);
	}
	const [members, parts] = await Promise.all([
		membersWhoTookPart(ctx, inspection),
		ctx.trx.selectFrom('team_parts').selectAll().where('inspection_id', '=', inspection.id).execute()
	]);
	const outstanding = partsOutstanding(members, inspection.owner_user_id, parts.map(teamPartOf));
	if (outstanding.length === 0) return null;
	const message = `${outstanding.length} member(s) who took part have neither handed in their part nor been released: ${outstanding.join(', ')}`;
	return refuse('rejected', 'team_parts_outstanding', message, 'args.inspectionId');
}
