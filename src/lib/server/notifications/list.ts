/**
 * The notifications an account reads (newest first, with read/unread) and marking them read.
 * Scope comes from the shared rule `notificationScope`: a ward its commune's, a supervisor or
 * admin their province's reviewer notifications (a national admin every province's), an
 * inspector none.
 */
import type { Kysely } from 'kysely';
import { notificationScope } from '$lib/domain/notifications';
import type { Principal } from '$lib/domain/principal';
import type { MarkReadRequest, Notification, NotificationList } from '$lib/domain/protocol/notifications';
import type { Database } from '../db/schema';
import { sweepApproachingDeadlines } from './deadlines';

export const NOTIFICATION_PAGE = 100;

function scoped(db: Kysely<Database>, p: Principal) {
	const scope = notificationScope(p);
	if (!scope) return null;
	let q = db.selectFrom('notifications as n').where('n.audience', '=', scope.audience);
	if (scope.audience === 'ward') q = q.where('n.unit_code', '=', scope.unitCode);
	else if (scope.provinceCode !== null) q = q.where('n.province_code', '=', scope.provinceCode);
	return q;
}

export async function listNotifications(db: Kysely<Database>, p: Principal, now = new Date()): Promise<NotificationList> {
	const scope = notificationScope(p);
	if (scope?.audience === 'ward') await sweepApproachingDeadlines(db, { unitCode: scope.unitCode }, now);
	const q = scoped(db, p);
	if (!q) return { notifications: [], unread: 0 };
	const withRead = q.leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', p.userId));
	const rows = await withRead
		.select(['n.id', 'n.kind', 'n.province_code', 'n.unit_code', 'n.inspection_id', 'n.finding_id', 'n.data', 'n.created_at', 'r.read_at'])
		.orderBy('n.created_at', 'desc')
		.orderBy('n.id', 'desc')
		.limit(NOTIFICATION_PAGE)
		.execute();
	const { unread } = await withRead
		.where('r.read_at', 'is', null)
		.select((eb) => eb.fn.countAll<number>().as('unread'))
		.executeTakeFirstOrThrow();
	return {
		notifications: rows.map((r): Notification => ({
			id: r.id,
			kind: r.kind as Notification['kind'],
			provinceCode: r.province_code,
			unitCode: r.unit_code,
			inspectionId: r.inspection_id,
			findingId: r.finding_id,
			data: JSON.parse(r.data) as Notification['data'],
			createdAt: r.created_at,
			read: r.read_at !== null
		})),
		unread: Number(unread)
	};
}

/** Marks read what the account may see among `ids` (or all of it); ids outside its scope are ignored. */
export async function markNotificationsRead(
	db: Kysely<Database>,
	p: Principal,
	request: MarkReadRequest,
	now = new Date()
): Promise<number> {
	let q = scoped(db, p);
	if (!q) return 0;
	if ('ids' in request) q = q.where('n.id', 'in', request.ids);
	const visible = await q
		.leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', p.userId))
		.where('r.read_at', 'is', null)
		.select('n.id')
		.execute();
	if (visible.length === 0) return 0;
	const at = now.toISOString();
	for (let i = 0; i < visible.length; i += 200)
		await db
			.insertInto('notification_reads')
			.values(visible.slice(i, i + 200).map((v) => ({ notification_id: v.id, user_id: p.userId, read_at: at })))
			.onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
			.execute();
	return visible.length;
}
