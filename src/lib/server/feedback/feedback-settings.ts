/**
 * Per province: whether its wards read their own unit's comments (masked on the server). Off
 * until the province's supervisor or admin turns it on: a comment is a citizen's, and the unit it
 * is about is the last place that should read it unasked. Each change is audited.
 */
import type { Kysely } from 'kysely';
import type { FeedbackSettings } from '$lib/domain/protocol/feedback';
import { appendAdminAudit } from '../admin/admin-audit';
import { inTransaction } from '../auth/transaction';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { provinceOf } from './feedback-items';

/** A national account names the province; a province's own account works in its own. */
function provinceNamed(actor: Actor, named: number | undefined, route: 'GET /api/feedback-settings' | 'PUT /api/feedback-settings') {
	const province = provinceOf(actor, route, named);
	if (province === null) throw new Refusal(400, 'province_required', 'Name the province', 'province');
	return province;
}

export async function wardSeesComments(db: Kysely<Database>, provinceCode: number): Promise<boolean> {
	const row = await db
		.selectFrom('feedback_settings')
		.select('ward_sees_comments')
		.where('province_code', '=', provinceCode)
		.executeTakeFirst();
	return Number(row?.ward_sees_comments ?? 0) === 1;
}

async function settingsOf(db: Kysely<Database>, provinceCode: number): Promise<FeedbackSettings> {
	const row = await db.selectFrom('feedback_settings').selectAll().where('province_code', '=', provinceCode).executeTakeFirst();
	return { provinceCode, wardSeesComments: Number(row?.ward_sees_comments ?? 0) === 1, updatedAt: row?.updated_at ?? null };
}

/** GET /api/feedback-settings. */
export function readFeedbackSettings(db: Kysely<Database>, actor: Actor, named: number | undefined): Promise<FeedbackSettings> {
	return settingsOf(db, provinceNamed(actor, named, 'GET /api/feedback-settings'));
}

/** PUT /api/feedback-settings: sets the province's choice; audited as `feedback_settings_changed`. */
export async function saveFeedbackSettings(
	db: Kysely<Database>,
	actor: Actor,
	input: { provinceCode?: number; wardSeesComments: boolean }
): Promise<FeedbackSettings> {
	const province = provinceNamed(actor, input.provinceCode, 'PUT /api/feedback-settings');
	const value = input.wardSeesComments ? 1 : 0;
	const at = new Date().toISOString();
	await inTransaction(db, async (trx) => {
		const updated = await trx
			.updateTable('feedback_settings')
			.set({ ward_sees_comments: value, updated_by: actor.userId, updated_at: at })
			.where('province_code', '=', province)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) === 0)
			await trx
				.insertInto('feedback_settings')
				.values({ province_code: province, ward_sees_comments: value, updated_by: actor.userId, updated_at: at })
				.execute();
		await appendAdminAudit(trx, {
			action: 'feedback_settings_changed',
			actorUserId: actor.userId,
			detail: { provinceCode: province, wardSeesComments: input.wardSeesComments }
		});
	});
	return settingsOf(db, province);
}
