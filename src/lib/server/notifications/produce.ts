/**
 * Writing notifications: from the intents that deserve one (called by the push, inside the
 * transaction that applied the intent, so a notification exists exactly when its cause
 * committed) and from the deadline sweep. Each one also queues a webhook delivery when its
 * province has a webhook; the delivery itself happens after commit (webhook.ts).
 */
import type { Kysely } from 'kysely';
import { audienceOf, type NotificationKind } from '$lib/domain/notifications';
import type { Mutation } from '$lib/domain/protocol';
import type { Notification } from '$lib/domain/protocol/notifications';
import type { Database } from '../db/schema';
import { webhookTarget } from './webhook-config';

export interface NewNotification {
	id: string;
	kind: NotificationKind;
	provinceCode: number;
	unitCode: number;
	inspectionId: string | null;
	findingId: string | null;
	data: Notification['data'];
	createdAt: string;
}

/** The webhook's body for one notification: documented, and signed exactly as stored. */
export function webhookBody(n: NewNotification): string {
	return JSON.stringify({ event: 'notification', deliveryId: n.id, notification: n });
}

/** Stores one notification (once: an id already stored is left alone) and queues its webhook. */
export async function addNotification(db: Kysely<Database>, n: NewNotification): Promise<boolean> {
	const inserted = await db
		.insertInto('notifications')
		.values({
			id: n.id,
			kind: n.kind,
			audience: audienceOf[n.kind],
			province_code: n.provinceCode,
			unit_code: n.unitCode,
			inspection_id: n.inspectionId,
			finding_id: n.findingId,
			data: JSON.stringify(n.data),
			created_at: n.createdAt
		})
		.onConflict((oc) => oc.column('id').doNothing())
		.executeTakeFirst();
	if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
	if (webhookTarget(n.provinceCode)) {
		await db
			.insertInto('webhook_deliveries')
			.values({
				id: n.id,
				province_code: n.provinceCode,
				payload: webhookBody(n),
				attempts: 0,
				next_attempt_at: n.createdAt,
				delivered_at: null,
				failed_at: null,
				last_error: null
			})
			.execute();
	}
	return true;
}

/** What a finding's notification needs: its record's place and names. */
async function findingFacts(db: Kysely<Database>, findingId: string) {
	return db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.select(['f.id', 'f.inspection_id', 'f.title', 'f.deadline', 'i.unit_code', 'i.province_code', 'i.data', 'i.kind'])
		.where('f.id', '=', findingId)
		.executeTakeFirst();
}

const unitNameOf = (data: string): string => (JSON.parse(data) as { unit?: { name?: string } }).unit?.name ?? '';

const findingKinds: Partial<Record<Mutation['name'], NotificationKind>> = {
	requestExtension: 'extensionRequested',
	grantExtension: 'extensionGranted',
	refuseExtension: 'extensionRefused',
	verifyFix: 'fixVerified',
	reopenFinding: 'fixReopened'
};

/**
 * The notification an applied intent causes, if any: approval publishes a record to its
 * commune; extension steps and fix decisions tell the other side. Its id is the mutation's, so
 * a replayed push cannot notify twice. Self-inspections (kind 'self') notify nobody.
 */
export async function notifyAfterMutation(db: Kysely<Database>, m: Mutation, actorUserId: string, now: string): Promise<void> {
	if (m.name !== 'approveInspection' && !findingKinds[m.name]) return;
	const actor = await db.selectFrom('users').select('display_name').where('id', '=', actorUserId).executeTakeFirst();
	const actorName = actor?.display_name ?? '';
	const base = { id: `m:${m.mutationId}`, createdAt: now };
	if (m.name === 'approveInspection') {
		const row = await db
			.selectFrom('inspections')
			.select(['id', 'unit_code', 'province_code', 'data', 'kind', 'record_number', 'record_year'])
			.where('id', '=', m.args.inspectionId)
			.executeTakeFirst();
		if (!row || row.kind !== 'official') return;
		const title = row.record_number !== null ? `${row.record_number}/${row.record_year ?? ''}` : undefined;
		await addNotification(db, {
			...base,
			kind: 'recordPublished',
			provinceCode: row.province_code,
			unitCode: row.unit_code,
			inspectionId: row.id,
			findingId: null,
			data: { unitName: unitNameOf(row.data), ...(title ? { title } : {}), actorName }
		});
		return;
	}
	const kind = findingKinds[m.name];
	if (!kind) return;
	const args = m.args as { findingId: string; deadline?: string; reason?: string; comment?: string };
	const f = await findingFacts(db, args.findingId);
	if (!f || f.kind !== 'official') return;
	const data = {
		unitName: unitNameOf(f.data),
		title: f.title,
		deadline: args.deadline ?? f.deadline,
		...(args.reason ? { reason: args.reason } : {}),
		...(args.comment ? { comment: args.comment } : {}),
		actorName
	};
	await addNotification(db, {
		...base,
		kind,
		provinceCode: f.province_code,
		unitCode: f.unit_code,
		inspectionId: f.inspection_id,
		findingId: f.id,
		data
	});
}
