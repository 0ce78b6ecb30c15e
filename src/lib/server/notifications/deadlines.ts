/**
 * "Deadline approaching" notifications: for every unfixed finding of a published record whose
 * deadline is within APPROACHING_DAYS, one notification per (finding, deadline) — an extension
 * that moves the deadline earns a new one when the new date comes near. Idempotent (the id names
 * the finding and the date), so it runs whenever convenient: hourly on the server, and for one
 * commune or province just before its accounts read their list, so nobody depends on the timer.
 */
import type { Kysely } from 'kysely';
import { approachingWindow } from '$lib/domain/notifications';
import { vietnamDate } from '$lib/domain/dates';
import type { Database } from '../db/schema';
import { addNotification } from './produce';

export interface SweepScope {
	unitCode?: number;
	provinceCode?: number | null;
}

/** Writes the missing notifications and answers how many were new. */
export async function sweepApproachingDeadlines(db: Kysely<Database>, scope: SweepScope = {}, now = new Date()): Promise<number> {
	const { from, to } = approachingWindow(vietnamDate(now));
	let query = db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.select(['f.id', 'f.inspection_id', 'f.title', 'f.deadline', 'i.unit_code', 'i.province_code', 'i.data'])
		.where('i.status', '=', 'approved')
		.where('i.kind', '=', 'official')
		.where('f.status', 'in', ['open', 'reopened'])
		.where('f.deadline', '>=', from)
		.where('f.deadline', '<=', to);
	if (scope.unitCode !== undefined) query = query.where('i.unit_code', '=', scope.unitCode);
	if (scope.provinceCode !== undefined && scope.provinceCode !== null) query = query.where('i.province_code', '=', scope.provinceCode);
	const due = await query.limit(5000).execute();
	let added = 0;
	for (const f of due) {
		const unitName = (JSON.parse(f.data) as { unit?: { name?: string } }).unit?.name ?? '';
		const fresh = await addNotification(db, {
			id: `d:${f.id}:${f.deadline}`,
			kind: 'deadlineApproaching',
			provinceCode: f.province_code,
			unitCode: f.unit_code,
			inspectionId: f.inspection_id,
			findingId: f.id,
			data: { unitName, title: f.title, deadline: f.deadline },
			createdAt: now.toISOString()
		});
		if (fresh) added++;
	}
	return added;
}

const HOUR_MS = 3600_000;
let ticking: ReturnType<typeof setInterval> | null = null;

/**
 * Once an hour (and once at start): approaching deadlines of every province, then the webhook
 * sender for whatever is due — including deliveries left over from before a restart.
 */
export function startNotificationTicks(db: Kysely<Database>, kick: (db: Kysely<Database>) => void): void {
	if (ticking) return;
	const tick = () =>
		void sweepApproachingDeadlines(db)
			.then(() => kick(db))
			.catch((e: unknown) => console.error('[notifications] hourly sweep failed:', e));
	tick();
	ticking = setInterval(tick, HOUR_MS);
	ticking.unref?.();
}
