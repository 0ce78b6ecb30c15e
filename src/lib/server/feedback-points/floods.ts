/**
 * Abnormal bursts at feedback points ("đợt gửi bất thường", docs/feedback-point.md): the answers
 * the flood rule marked, one line per point and hour with their count, for the province's
 * supervisors and admins. The answers themselves stay stored and out of every average.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { FeedbackFlood } from '$lib/domain/protocol/feedback-points';
import type { Database } from '../db/schema';
import { parseOrRefuse } from '../http';
import type { Actor } from '../sync/actor';
import { refuseOtherProvince, unitNameOf } from './points';

const provinceParam = z
	.string()
	.regex(/^\d{1,3}$/, 'province_not_number')
	.transform(Number);

/** The most lines one answer lists, newest first. */
const MAX_FLOODS = 200;

/** Bursts in the actor's province (a national admin: all, or the one `province` names), newest first. */
export async function listFloods(db: Kysely<Database>, actor: Actor, query: URLSearchParams): Promise<FeedbackFlood[]> {
	const provinceText = query.get('province');
	const province = provinceText === null ? null : parseOrRefuse(provinceParam, provinceText, 'province');
	if (province !== null) refuseOtherProvince(actor, province);
	let q = db
		.selectFrom('feedback_responses')
		.select(['flood', 'point_id', 'unit_code', 'received_hour', (eb) => eb.fn.countAll().as('count')])
		.where('flood', 'is not', null)
		.groupBy(['flood', 'point_id', 'unit_code', 'received_hour'])
		.orderBy('received_hour', 'desc')
		.orderBy('unit_code')
		.limit(MAX_FLOODS);
	if (actor.provinceCode !== null) q = q.where('province_code', '=', actor.provinceCode);
	if (province !== null) q = q.where('province_code', '=', province);
	const rows = await q.execute();
	const names = new Map<number, string>();
	for (const code of new Set(rows.map((r) => Number(r.unit_code)))) names.set(code, await unitNameOf(db, code));
	return rows.map((r) => ({
		flood: r.flood!,
		pointId: r.point_id,
		unitCode: Number(r.unit_code),
		unitName: names.get(Number(r.unit_code))!,
		hour: r.received_hour,
		count: Number(r.count)
	}));
}
