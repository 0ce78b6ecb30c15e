/**
 * The audit trail: append-only, and hash-chained so that tampering shows.
 *
 * Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields
 * (seq, time, actor, action, detail exactly as stored). Editing a row, deleting one, or
 * reordering them breaks the chain from that row on, and `verifyChain` names the first seq at
 * fault. The chain is not keyed: someone with write access to the database could rebuild it
 * from scratch. An anchor closes that gap: `npm run admin -- audit-anchor` prints the head
 * (seq, hash, time) to be written into an official document, and `verify-audit --anchor`
 * later checks that the chain still passes through exactly that entry — a chain rebuilt or
 * cut back at or before it no longer does.
 *
 * Appends serialize on the `audit_head` row: the first statement of an append is a no-op
 * update of that row, which PostgreSQL locks until commit (SQLite transactions are BEGIN
 * IMMEDIATE and serialize anyway). The append therefore belongs to the caller's transaction:
 * an entry exists exactly when the change it describes was committed.
 */
import { hash } from 'node:crypto';
import { insertRows, preparedQuery } from '../db/prepared-queries';
import type { Kysely } from 'kysely';
import type { ChainReport } from '$lib/domain/protocol';
import type { Database } from '../db/schema';
import { sendOrAwait, type SentWrites } from '../sync/sent-writes';

/** prev_hash of the first entry (the migration starts audit_head with it). */
export const GENESIS_HASH = '0'.repeat(64);

/** The actions written today; the column is free text so later issues can add their own. */
export type AuditAction =
	| 'login'
	| 'login_failed'
	| 'login_throttled'
	| 'logout'
	| 'password_changed'
	| 'password_reset'
	| 'user_created'
	| 'user_disabled'
	| 'user_enabled'
	| 'role_changed'
	| 'plan_created'
	| 'mutation_refused'
	| 'blob_uploaded'
	| 'blob_refused'
	| 'blobs_cleaned'
	| 'request_forbidden'
	| 'audit_verified'
	| 'backup_created'
	| 'backup_restored'
	| 'plan_defined'
	| 'draw_committed'
	| 'draw_executed'
	/** Data taken out of the server as a file or JSON page (issue 18, lib/server/exports). */
	| 'data_exported'
	| 'report_document_exported'
	| `mutation:${string}`;

export interface AuditEntry {
	action: AuditAction;
	/** Who did it; null when nobody is signed in (a failed login) or for the command line. */
	actorUserId: string | null;
	/** JSON-safe facts about the event; stored as canonical JSON. Never put a password here. */
	detail?: Record<string, unknown>;
}

export interface AppendedEntry {
	seq: number;
	hash: string;
}

export type { ChainReport };

/** JSON with object keys sorted at every level, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
	return flatCanonicalJson(value) ?? JSON.stringify(value, sortedKeys);
}

function sortedKeys(_key: string, v: unknown): unknown {
	if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
	const sorted: Record<string, unknown> = {};
	for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
	return sorted;
}

/**
 * The same text for the usual detail, a plain object of strings, numbers, booleans and nulls (a
 * push writes one per mutation): its keys copied in order, then one JSON.stringify without a
 * replacer, which takes half the time. Null for anything else, which takes the general way.
 */
function flatCanonicalJson(value: unknown): string | null {
	if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return null;
	const record = value as Record<string, unknown>;
	const sorted: Record<string, unknown> = {};
	for (const key of Object.keys(record).sort()) {
		const v = record[key];
		if (key === '__proto__' || (v !== null && typeof v === 'object') || typeof v === 'bigint') return null;
		sorted[key] = v;
	}
	return JSON.stringify(sorted);
}

interface HashedFields {
	seq: number;
	at: string;
	actor_user_id: string | null;
	action: string;
	detail: string;
}

/** The hash of one entry given the hash before it. */
export function entryHash(prevHash: string, e: HashedFields): string {
	// One-shot: a push hashes one entry per mutation, and a Hash object per entry cost more than the hashing.
	return hash('sha256', `${prevHash}\n${JSON.stringify([e.seq, e.at, e.actor_user_id, e.action, e.detail])}`, 'hex');
}

/**
 * Appends one entry. Given a transaction, the entry commits or rolls back with it; given the
 * database, it opens a transaction of its own. Throws what the database throws (the caller's
 * transaction then rolls back, and with it the change the entry describes).
 */
export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<AppendedEntry> {
	const [appended] = await appendAuditEntries(db, [entry]);
	return appended!;
}

/** Rows per INSERT: a push group's worth (500), 3,500 parameters, well below both databases' limits. */
const INSERT_CHUNK = 500;

/**
 * Appends several entries in order, chained one onto the next, with one read and one write of
 * the head however many there are (a push appends one per applied mutation). Same transaction
 * rules as `appendAudit`.
 */
export async function appendAuditEntries(
	db: Kysely<Database>,
	entries: readonly AuditEntry[],
	/** A push group's transaction: its inserts go without waiting, answered before the commit. */
	sent?: SentWrites
): Promise<AppendedEntry[]> {
	if (entries.length === 0) return [];
	if (!db.isTransaction) return db.transaction().execute((trx) => appendAuditEntries(trx, entries));

	// The lock first, before reading the head: two appends can never chain onto the same hash.
	const [head] = await lockHead(db, {});
	if (!head) throw new Error('the audit head row is missing');
	const at = new Date().toISOString();
	let prevHash = head.hash;
	let seq = Number(head.seq);
	const rows = entries.map((entry) => {
		const row: HashedFields = {
			seq: ++seq,
			at,
			actor_user_id: entry.actorUserId,
			action: entry.action,
			detail: canonicalJson(entry.detail ?? {})
		};
		const hash = entryHash(prevHash, row);
		const stored = { ...row, prev_hash: prevHash, hash };
		prevHash = hash;
		return stored;
	});
	for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
		const chunk = rows.slice(i, i + INSERT_CHUNK);
		await sendOrAwait(sent, insertRows(db, 'audit_log', chunk), chunk.length);
	}
	await sendOrAwait(sent, moveHead(db, { seq, hash: prevHash }));
	return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

// Compiled once (db/prepared-queries.ts): a push appends its entries through these.
const lockHead = preparedQuery<Record<string, never>, { seq: number; hash: string }>('lock audit head', [], (db) =>
	db
		.updateTable('audit_head')
		.set((eb) => ({ seq: eb.ref('seq') }))
		.where('id', '=', 1)
		.returning(['seq', 'hash'])
);

const moveHead = preparedQuery<{ seq: number; hash: string }, unknown>('move audit head', ['seq', 'hash'], (db, v) =>
	db.updateTable('audit_head').set({ seq: v.seq, hash: v.hash }).where('id', '=', 1)
);

const PAGE = 1000;

/**
 * Re-computes the whole chain up to the head as it was when the check started (entries
 * appended meanwhile are left for the next check). Reports the first seq at fault; never throws
 * for tampering, only for database errors.
 */
export async function verifyChain(db: Kysely<Database>): Promise<ChainReport> {
	const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
	const headSeq = Number(head.seq);
	let prevHash = GENESIS_HASH;
	let expected = 1;
	let checked = 0;
	while (expected <= headSeq) {
		const rows = await db
			.selectFrom('audit_log')
			.selectAll()
			.where('seq', '>=', expected)
			.where('seq', '<=', headSeq)
			.orderBy('seq')
			.limit(PAGE)
			.execute();
		if (rows.length === 0) break;
		for (const row of rows) {
			const seq = Number(row.seq);
			if (seq !== expected) return { ok: false, checked, firstBadSeq: expected, reason: 'missing_entry' };
			if (row.prev_hash !== prevHash) return { ok: false, checked, firstBadSeq: seq, reason: 'broken_link' };
			if (entryHash(prevHash, { ...row, seq }) !== row.hash) {
				return { ok: false, checked, firstBadSeq: seq, reason: 'hash_mismatch' };
			}
			prevHash = row.hash;
			expected = seq + 1;
			checked++;
		}
	}
	if (expected <= headSeq) return { ok: false, checked, firstBadSeq: expected, reason: 'missing_entry' };
	if (prevHash !== head.hash) return { ok: false, checked, firstBadSeq: headSeq, reason: 'head_mismatch' };
	return { ok: true, checked };
}

/** The chain's head as an operator copies it out: `<seq>:<hash>` plus the time of that entry. */
export interface AuditAnchor {
	seq: number;
	hash: string;
	/** When the head entry was written; null for an empty trail. */
	at: string | null;
	/** `<seq>:<hash>`, what `verify-audit --anchor` takes. */
	text: string;
}

export async function auditAnchor(db: Kysely<Database>): Promise<AuditAnchor> {
	const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
	const seq = Number(head.seq);
	const row = seq === 0 ? undefined : await db.selectFrom('audit_log').select('at').where('seq', '=', seq).executeTakeFirst();
	return { seq, hash: head.hash, at: row?.at ?? null, text: `${seq}:${head.hash}` };
}

const ANCHOR_PATTERN = /^(?:(\d+):)?([0-9a-f]{64})$/;

/** `<seq>:<hash>` or a bare hash, or null when it is neither. */
export function parseAnchor(text: string): { seq: number | null; hash: string } | null {
	const match = ANCHOR_PATTERN.exec(text.trim().toLowerCase());
	if (!match) return null;
	return { seq: match[1] === undefined ? null : Number(match[1]), hash: match[2]! };
}

export type AnchorReport =
	| { ok: true; checked: number; anchorSeq: number }
	| { ok: false; checked: number; reason: 'chain_broken'; chain: ChainReport }
	| { ok: false; checked: number; reason: 'anchor_missing' | 'anchor_moved' };

/**
 * The whole chain is intact AND passes through the anchored entry at its seq. `anchor_missing`:
 * no entry has that hash any more — the chain was re-hashed at or before the anchor, or cut back
 * below it; `anchor_moved`: the hash sits at another seq (entries removed or added before it).
 */
export async function verifyAnchor(db: Kysely<Database>, anchor: { seq: number | null; hash: string }): Promise<AnchorReport> {
	const chain = await verifyChain(db);
	if (!chain.ok) return { ok: false, checked: chain.checked, reason: 'chain_broken', chain };
	if (anchor.hash === GENESIS_HASH && (anchor.seq ?? 0) === 0) return { ok: true, checked: chain.checked, anchorSeq: 0 };
	const row = await db.selectFrom('audit_log').select('seq').where('hash', '=', anchor.hash).executeTakeFirst();
	if (!row) return { ok: false, checked: chain.checked, reason: 'anchor_missing' };
	if (anchor.seq !== null && Number(row.seq) !== anchor.seq) return { ok: false, checked: chain.checked, reason: 'anchor_moved' };
	return { ok: true, checked: chain.checked, anchorSeq: Number(row.seq) };
}
