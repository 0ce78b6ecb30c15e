/**
 * The audit trail as the admin screen reads it: newest first, in pages, with the actor's name.
 *
 * A national admin reads every entry. An admin bound to a province reads the entries that
 * concern it: done by one of its accounts, about one of its accounts (`detail.userId`), or
 * about one of its communes (`detail.provinceCode`, also inside a role change's from/to).
 * Entries carry no province column, so that filter runs here over a bounded scan: a page can
 * come back short with a `nextBefore` to go on from. The integrity check always covers the
 * whole chain (it reveals counts only).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditFeedEntry, AuditPage } from '$lib/domain/protocol';
import { appendAudit, verifyChain, type ChainReport } from '../auth/audit';
import type { Database } from '../db/schema';
import { parseOrRefuse } from '../http';
import type { AdminActor } from './guard';

export type { AuditFeedEntry, AuditPage };

/** A positive whole number; `issue` is the validation code otherwise. */
const positiveInt = (issue: string) => z.coerce.number({ error: issue }).int(issue).positive(issue);
export const auditQuerySchema = z.object({
	before: positiveInt('invalid_before').optional(),
	limit: positiveInt('invalid_limit').max(200, 'limit_too_large').default(50)
});

/** Rows read per round trip, and at most per request, while filtering for a province. */
const BATCH = 200;
const SCAN_CAP = 5000;

function parseDetail(text: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
	} catch {
		return { raw: text };
	}
}

function mentionsProvince(detail: Record<string, unknown>, provinceCode: number): boolean {
	const inPart = (part: unknown) =>
		part !== null && typeof part === 'object' && (part as { provinceCode?: unknown }).provinceCode === provinceCode;
	return detail.provinceCode === provinceCode || inPart(detail.from) || inPart(detail.to);
}

/** Reads the `?before=&limit=` query; 400 with the parameter's name when it is malformed. */
export function parseAuditQuery(params: URLSearchParams): z.infer<typeof auditQuerySchema> {
	const given = Object.fromEntries(['before', 'limit'].flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : [])));
	return parseOrRefuse(auditQuerySchema, given);
}

/** One page of entries older than `before` (newest first), as far as the admin may read them. */
export async function listAudit(db: Kysely<Database>, admin: AdminActor, query: { before?: number; limit: number }): Promise<AuditPage> {
	const province = admin.provinceCode;
	const provinceUsers =
		province === null
			? null
			: new Set((await db.selectFrom('users').select('id').where('province_code', '=', province).execute()).map((u) => u.id));
	const visible = (actorId: string | null, detail: Record<string, unknown>) =>
		province === null ||
		(actorId !== null && provinceUsers!.has(actorId)) ||
		(typeof detail.userId === 'string' && provinceUsers!.has(detail.userId)) ||
		mentionsProvince(detail, province);

	const entries: AuditFeedEntry[] = [];
	let before = query.before ?? null;
	let scanned = 0;
	while (scanned < SCAN_CAP) {
		let q = db
			.selectFrom('audit_log')
			.leftJoin('users', 'users.id', 'audit_log.actor_user_id')
			.select([
				'audit_log.seq',
				'audit_log.at',
				'audit_log.action',
				'audit_log.detail',
				'audit_log.actor_user_id',
				'users.username',
				'users.display_name'
			])
			.orderBy('audit_log.seq', 'desc')
			.limit(province === null ? query.limit - entries.length : BATCH);
		if (before !== null) q = q.where('audit_log.seq', '<', before);
		const rows = await q.execute();
		for (const row of rows) {
			before = Number(row.seq);
			scanned++;
			const detail = parseDetail(row.detail);
			if (!visible(row.actor_user_id, detail)) continue;
			const actor = row.actor_user_id === null ? null : { id: row.actor_user_id, username: row.username, displayName: row.display_name };
			entries.push({ seq: Number(row.seq), at: row.at, action: row.action, actor, detail });
			if (entries.length === query.limit) return { entries, nextBefore: before > 1 ? before : null };
		}
		if (rows.length === 0 || before === 1) return { entries, nextBefore: null };
	}
	return { entries, nextBefore: before };
}

/**
 * Re-computes the whole chain (see auth/audit.ts); a broken chain is a result, not an error.
 * The check itself is recorded (`audit_verified`, with its outcome) after it ran.
 */
export async function verifyAudit(db: Kysely<Database>, admin?: AdminActor): Promise<ChainReport> {
	const report = await verifyChain(db);
	if (admin) {
		const detail = report.ok
			? { ok: true, checked: report.checked }
			: { ok: false, firstBadSeq: report.firstBadSeq, reason: report.reason };
		await appendAudit(db, { action: 'audit_verified', actorUserId: admin.userId, detail });
	}
	return report;
}
