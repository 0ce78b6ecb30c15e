/**
 * The province's inbox of citizens' comments and complaints (issue 19, must-show 4): every free
 * text of an interview or a feedback-point answer becomes a feedback item (written with its
 * answer, migration 028); the province's supervisors and admins read them as written and mark
 * them handled with a reply note. Wards never read this inbox: their own unit's comments reach
 * them only masked, through ward-feedback.ts, and only where the province allows it.
 */
import type { Kysely } from 'kysely';
import { addDays, startOfVietnamDay } from '$lib/domain/dates';
import type { ApiRoute } from '$lib/domain/permissions';
import {
	FEEDBACK_PAGE_SIZE,
	feedbackSourceSchema,
	feedbackStatusSchema,
	type FeedbackItem,
	type FeedbackItemList,
	type FeedbackItemQuery
} from '$lib/domain/protocol/feedback';
import { appendAdminAudit } from '../admin/admin-audit';
import { inTransaction } from '../auth/transaction';
import { authorizeProvince } from '../authorize';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import { unitNames } from '../reports/unit-names';
import type { Actor } from '../sync/actor';

/**
 * The province a supervisor's or admin's request is about: their own, or for a national admin
 * the one named (null: every province). Naming another province is refused with 403.
 */
export function provinceOf(actor: Actor, route: ApiRoute, named: number | undefined): number | null {
	if (named !== undefined) authorizeProvince(actor, route, named);
	return named ?? actor.provinceCode;
}

async function itemOf(row: ItemRow): Promise<FeedbackItem> {
	const names = await unitNames();
	return {
		id: row.id,
		source: feedbackSourceSchema.parse(row.source),
		unitCode: Number(row.unit_code),
		unitName: names.commune(Number(row.unit_code)),
		provinceCode: Number(row.province_code),
		receivedOn: row.received_on,
		text: row.text,
		flood: Number(row.flood) === 1,
		status: feedbackStatusSchema.parse(row.status),
		handledAt: row.handled_at,
		handledBy: row.handler_name,
		replyNote: row.reply_note
	};
}

const itemRows = (db: Kysely<Database>) =>
	db
		.selectFrom('feedback_items as f')
		.leftJoin('users as u', 'u.id', 'f.handled_by')
		.selectAll('f')
		.select('u.display_name as handler_name');

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemRows>['executeTakeFirstOrThrow']>>;

/**
 * GET /api/feedback-items: a page of the province's items, newest first, filtered by status,
 * unit and the days they were received. Supervisors and admins of the province only (the route's
 * rule refuses the other roles before this runs).
 */
export async function listFeedbackItems(db: Kysely<Database>, actor: Actor, query: FeedbackItemQuery): Promise<FeedbackItemList> {
	const province = provinceOf(actor, 'GET /api/feedback-items', query.province);
	let q = itemRows(db);
	if (province !== null) q = q.where('f.province_code', '=', province);
	const all = q;
	if (query.status) q = q.where('f.status', '=', query.status);
	if (query.unit !== undefined) q = q.where('f.unit_code', '=', query.unit);
	if (query.from) q = q.where('f.received_on', '>=', query.from);
	if (query.to) q = q.where('f.received_on', '<=', query.to);
	const counted = await q
		.clearSelect()
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirst();
	const rows = await q
		.orderBy('f.received_on', 'desc')
		.orderBy('f.id', 'desc')
		.limit(FEEDBACK_PAGE_SIZE)
		.offset((query.page - 1) * FEEDBACK_PAGE_SIZE)
		.execute();
	const unitCodes = await all.clearSelect().select('f.unit_code').distinct().execute();
	const names = await unitNames();
	const units = unitCodes
		.map((r) => ({ code: Number(r.unit_code), name: names.commune(Number(r.unit_code)) }))
		.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
	return {
		items: await Promise.all(rows.map(itemOf)),
		total: Number(counted?.n ?? 0),
		page: query.page,
		pageSize: FEEDBACK_PAGE_SIZE,
		units
	};
}

const notFound = () => new Refusal(404, 'feedback_item_not_found', 'There is no such feedback item');

/**
 * POST /api/feedback-items/[id]/handle: the item is handled, with the note of what was done, by
 * this person now; audited in the same transaction. Another province's item is 404 like a
 * missing one; an item already handled is 409 `feedback_item_handled` (the note is not
 * overwritten by a second reader who opened it at the same time).
 */
export async function handleFeedbackItem(db: Kysely<Database>, actor: Actor, id: string, replyNote: string): Promise<FeedbackItem> {
	return inTransaction(db, async (trx) => {
		const found = await trx.selectFrom('feedback_items').selectAll().where('id', '=', id).executeTakeFirst();
		if (!found || (actor.provinceCode !== null && Number(found.province_code) !== actor.provinceCode)) throw notFound();
		if (found.status === 'handled') throw new Refusal(409, 'feedback_item_handled', 'This feedback item is already handled');
		const at = new Date().toISOString();
		const changed = await trx
			.updateTable('feedback_items')
			.set({ status: 'handled', handled_by: actor.userId, handled_at: at, reply_note: replyNote })
			.where('id', '=', id)
			.where('status', '=', 'open')
			.executeTakeFirst();
		if (Number(changed.numUpdatedRows) !== 1) throw new Refusal(409, 'feedback_item_handled', 'This feedback item is already handled');
		// The citizen's words and the note stay in the item; the audit says who handled which item.
		await appendAdminAudit(trx, {
			action: 'feedback_item_handled',
			actorUserId: actor.userId,
			detail: { itemId: id, unitCode: Number(found.unit_code), provinceCode: Number(found.province_code) }
		});
		return itemOf(await itemRows(trx).where('f.id', '=', id).executeTakeFirstOrThrow());
	});
}

/** The UTC instants bounding Vietnam days `from`…`to` (inclusive): [start, end). */
export const vietnamDayBounds = (from: string, to: string) => ({ start: startOfVietnamDay(from), end: startOfVietnamDay(addDays(to, 1)) });
