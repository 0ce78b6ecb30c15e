/**
 * A backup of the work this device has not yet got onto the server (issue 20, docs/backup.md): the
 * pending outbox entries, the rows of the records they touch, and the photo and signature bytes
 * not yet uploaded, written into one passphrase-encrypted file (backup-file.ts) for the day the
 * phone is dying and there is no network; and the restore of such a file on another phone, or on
 * this one after its data was wiped.
 *
 * Restoring never duplicates: an entry whose mutationId the outbox already holds is skipped, and
 * a row or blob the device already has is kept as it is (the entries carry the edits; once they are
 * applied, the next pull brings the server's version of every row they touched). The server applies
 * each entry once, by its mutationId.
 *
 * The queue's numbering (the server wants each client's seqs 1, 2, 3, … with no gap, and binds a
 * mutationId to the client that first sent it):
 * - on a device with nothing pending (a new phone, or this one after a wipe), the restored entries
 *   continue the queue of the phone that made the backup: its clientId and its seqs. Whatever that
 *   phone still managed to send after the backup is answered from the server's receipt (a replay,
 *   nothing applied twice), and the rest follows in order;
 * - on a device with pending work of its own, the restored entries go after it under this device's
 *   clientId, numbered on from its counter. An entry the first phone did send meanwhile is then
 *   answered `mutation_id_reused`: already on the server, so the sync engine lets it go and closes
 *   the gap (sync-engine.ts).
 * Either way the backup must be restored under the account that made it (one database per account,
 * and the server binds a clientId to its account).
 */
import { z } from 'zod';
import { mutationArgsSchemas, MUTATION_SCHEMA_VERSION, type Mutation } from '$lib/domain/protocol';
import type { AppDb, OutboxEntry, StoredBlob } from '../app-db';
import { clientId as clientIdOf } from '../outbox';
import { openBackup, sealBackup } from './backup-file';

const CONTENT_KIND = 'kiem-tra-mot-cua/unsynced-work';
const CONTENT_VERSION = 1;

/** The device tables a record's rows live in, each read by its `inspectionId` (or `id`) index. */
const recordTables = [
	'officers',
	'answers',
	'photos',
	'signatures',
	'findingDrafts',
	'findings',
	'inspectionEvents',
	'findingEvents',
	'sectionHoldings',
	'answerConflicts',
	'teamParts'
] as const;
type RecordTable = (typeof recordTables)[number] | 'inspections' | 'templateVersions';

const rowsSchema = z.array(z.record(z.string(), z.unknown()));
const manifestSchema = z.object({
	kind: z.literal(CONTENT_KIND),
	version: z.literal(CONTENT_VERSION),
	createdAt: z.string(),
	userId: z.string().min(1),
	clientId: z.string().min(1),
	nextSeq: z.number().int().positive(),
	outbox: z.array(
		z.object({
			mutation: z.looseObject({ mutationId: z.string(), seq: z.number().int().positive(), name: z.string() }),
			inspectionId: z.string().nullable()
		})
	),
	rows: z.partialRecord(z.enum(['inspections', 'templateVersions', ...recordTables]), rowsSchema),
	blobs: z.array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), mime: z.string(), size: z.number().int().nonnegative() }))
});
type Manifest = z.infer<typeof manifestSchema>;

export interface BackupSummary {
	records: number;
	entries: number;
	blobs: number;
	bytes: number;
}

export type BackupStage = 'collecting' | 'encrypting' | 'decrypting' | 'restoring';

/** Why a restore stopped; nothing was written. Codes the UI words (backup_problem_*). */
export class BackupRestoreError extends Error {
	constructor(readonly code: 'other_account' | 'not_a_backup' | 'newer_app') {
		super(`backup restore: ${code}`);
		this.name = 'BackupRestoreError';
	}
}

/** What a backup would hold now: enough for the sync panel to offer it (and say there is nothing). */
export async function unsyncedSummary(db: AppDb): Promise<{ entries: number; blobs: number }> {
	const [entries, blobs] = await Promise.all([
		db.outbox.where('state').equals('pending').count(),
		db.blobs.where('uploaded').equals(0).count()
	]);
	return { entries, blobs };
}

/** The records an entry touches: the one it names, and a record a fix report's finding belongs to. */
function recordsOf(entry: OutboxEntry): string[] {
	const args = entry.mutation.args as { inspectionId?: unknown; id?: unknown };
	const ids = [entry.inspectionId, typeof args.inspectionId === 'string' ? args.inspectionId : null];
	if (entry.mutation.name === 'createInspection' && typeof args.id === 'string') ids.push(args.id);
	return ids.filter((x): x is string => !!x);
}

async function collect(db: AppDb, userId: string): Promise<{ manifest: Manifest; blobs: StoredBlob[] }> {
	// Made (and stored) first if this database never had one: the read below must not write.
	const client = await clientIdOf(db);
	const tables = [db.outbox, db.meta, db.blobs, db.inspections, db.templateVersions, ...recordTables.map((t) => db[t])];
	return db.transaction('r', tables, async () => {
		const pending = (await db.outbox.where('state').equals('pending').toArray()).sort((a, b) => a.mutation.seq - b.mutation.seq);
		const ids = [...new Set(pending.flatMap(recordsOf))];
		const inspections = (await db.inspections.bulkGet(ids)).filter((x) => x !== undefined);
		const rows: Manifest['rows'] = { inspections };
		for (const t of recordTables) rows[t] = (await db[t].where('inspectionId').anyOf(ids).toArray()) as Record<string, unknown>[];
		const pins = [...new Set(inspections.map((i) => JSON.stringify([i.templateId, i.templateVersion])))].map(
			(k) => JSON.parse(k) as [string, string]
		);
		rows.templateVersions = (await db.templateVersions.bulkGet(pins)).filter((x) => x !== undefined);
		const blobs = (await db.blobs.where('uploaded').equals(0).toArray()).filter((b) => !b.failure);
		const next = await db.meta.get('nextSeq');
		const manifest: Manifest = {
			kind: CONTENT_KIND,
			version: CONTENT_VERSION,
			createdAt: new Date().toISOString(),
			userId,
			clientId: client,
			nextSeq: typeof next?.value === 'number' ? next.value : 1,
			outbox: pending.map((e) => ({
				mutation: e.mutation,
				inspectionId: e.inspectionId
			})),
			rows: rows,
			blobs: blobs.map((b) => ({ sha256: b.sha256, mime: b.mime, size: b.bytes.byteLength }))
		};
		return { manifest, blobs };
	});
}

/** The content: a 4-byte length, the manifest as JSON, then each blob's bytes in the manifest's order. */
function encode(manifest: Manifest, blobs: StoredBlob[]): Uint8Array<ArrayBuffer> {
	const json = new TextEncoder().encode(JSON.stringify(manifest));
	const total = 4 + json.byteLength + blobs.reduce((n, b) => n + b.bytes.byteLength, 0);
	const out = new Uint8Array(total);
	new DataView(out.buffer).setUint32(0, json.byteLength);
	out.set(json, 4);
	let at = 4 + json.byteLength;
	for (const b of blobs) {
		out.set(new Uint8Array(b.bytes), at);
		at += b.bytes.byteLength;
	}
	return out;
}

function decode(content: Uint8Array<ArrayBuffer>): { manifest: Manifest; blobs: StoredBlob[] } {
	const length = content.byteLength >= 4 ? new DataView(content.buffer, content.byteOffset).getUint32(0) : Infinity;
	if (4 + length > content.byteLength) throw new BackupRestoreError('not_a_backup');
	const raw: unknown = JSON.parse(new TextDecoder().decode(content.subarray(4, 4 + length)));
	const version = (raw as { version?: unknown } | null)?.version;
	if (typeof version === 'number' && version > CONTENT_VERSION) throw new BackupRestoreError('newer_app');
	const parsed = manifestSchema.safeParse(raw);
	if (!parsed.success) throw new BackupRestoreError('not_a_backup');
	let at = 4 + length;
	const blobs: StoredBlob[] = parsed.data.blobs.map((b) => {
		const bytes = content.slice(at, at + b.size).buffer;
		at += b.size;
		return { sha256: b.sha256, mime: b.mime, bytes, size: b.size, uploaded: 0 };
	});
	if (at !== content.byteLength) throw new BackupRestoreError('not_a_backup');
	return { manifest: parsed.data, blobs };
}

/**
 * Writes the unsynced work into an encrypted file's bytes. Reads only; works offline. Returns the
 * bytes and what they hold, for the panel to say.
 */
export async function exportUnsynced(
	db: AppDb,
	userId: string,
	passphrase: string,
	onStage?: (stage: BackupStage) => void,
	iterations?: number
): Promise<{ file: Uint8Array<ArrayBuffer>; summary: BackupSummary }> {
	onStage?.('collecting');
	const { manifest, blobs } = await collect(db, userId);
	onStage?.('encrypting');
	const file = await sealBackup(encode(manifest, blobs), passphrase, iterations);
	const summary = {
		records: manifest.rows.inspections?.length ?? 0,
		entries: manifest.outbox.length,
		blobs: blobs.length,
		bytes: file.byteLength
	};
	return { file, summary };
}

export interface RestoreReport {
	/** Entries added to the outbox; those already there are `skipped`. */
	entries: number;
	skipped: number;
	/** Rows written (rows the device already had are kept). */
	rows: number;
	blobs: number;
	records: number;
}

/**
 * Decrypts a backup file and adds what the device lacks, in one transaction: all of it or none.
 * A wrong passphrase or a damaged file throws BackupFileError before anything is touched; a backup
 * of another account throws BackupRestoreError('other_account'). Works offline; the restored
 * entries go at the next sync.
 */
export async function restoreUnsynced(
	db: AppDb,
	userId: string,
	file: Uint8Array<ArrayBuffer>,
	passphrase: string,
	onStage?: (stage: BackupStage) => void
): Promise<RestoreReport> {
	onStage?.('decrypting');
	const content = await openBackup(file, passphrase);
	const { manifest, blobs } = decode(content);
	if (manifest.userId !== userId) throw new BackupRestoreError('other_account');
	for (const { mutation } of manifest.outbox) {
		// Written by this app, and authenticated: a failure here is a newer app's intent.
		const schema = mutationArgsSchemas[mutation.name as Mutation['name']];
		if (!schema || !schema.safeParse((mutation as { args?: unknown }).args).success) throw new BackupRestoreError('newer_app');
		if (typeof mutation.schemaVersion === 'number' && mutation.schemaVersion > MUTATION_SCHEMA_VERSION)
			throw new BackupRestoreError('newer_app');
	}
	onStage?.('restoring');
	const tables = [db.outbox, db.meta, db.blobs, db.inspections, db.templateVersions, ...recordTables.map((t) => db[t])];
	return db.transaction('rw', tables, async () => {
		const report: RestoreReport = { entries: 0, skipped: 0, rows: 0, blobs: 0, records: 0 };
		for (const [name, rows] of Object.entries(manifest.rows) as [RecordTable, Record<string, unknown>[]][]) {
			const table = db[name] as unknown as import('dexie').Table<Record<string, unknown>, unknown>;
			const keys = rows.map((r) => keyOf(table, r));
			const existing = await table.bulkGet(keys);
			const missing = rows.filter((_, i) => existing[i] === undefined);
			if (missing.length) await table.bulkAdd(missing);
			report.rows += missing.length;
			if (name === 'inspections') report.records = rows.length;
		}
		const haveBlobs = await db.blobs.bulkGet(blobs.map((b) => b.sha256));
		const newBlobs = blobs.filter((_, i) => haveBlobs[i] === undefined);
		if (newBlobs.length) await db.blobs.bulkAdd(newBlobs);
		report.blobs = newBlobs.length;

		const known = new Set(
			(
				await db.outbox
					.where('mutation.mutationId')
					.anyOf(manifest.outbox.map((e) => e.mutation.mutationId))
					.toArray()
			).map((e) => e.mutation.mutationId)
		);
		const fresh = manifest.outbox.filter((e) => !known.has(e.mutation.mutationId));
		report.skipped = manifest.outbox.length - fresh.length;
		report.entries = fresh.length;
		if (fresh.length === 0) return report;
		const localPending = await db.outbox.where('state').equals('pending').count();
		const entries: OutboxEntry[] = fresh.map((e) => ({
			mutation: e.mutation as unknown as Mutation,
			inspectionId: e.inspectionId,
			state: 'pending',
			attempts: 0,
			lastError: null
		}));
		if (localPending === 0) {
			// Continue the first phone's queue: its clientId, its seqs (see the header comment).
			await db.meta.put({ key: 'clientId', value: manifest.clientId });
			const after = Math.max(manifest.nextSeq, ...entries.map((e) => e.mutation.seq + 1));
			await db.meta.put({ key: 'nextSeq', value: after });
		} else {
			// After this device's own pending work, numbered on from its counter.
			const next = await db.meta.get('nextSeq');
			let seq = typeof next?.value === 'number' ? next.value : 1;
			for (const e of entries) e.mutation = { ...e.mutation, seq: seq++ };
			await db.meta.put({ key: 'nextSeq', value: seq });
		}
		await db.outbox.bulkAdd(entries);
		return report;
	});
}

/** A row's primary key in its table (compound keys as arrays), read from the table's schema. */
function keyOf(table: import('dexie').Table<Record<string, unknown>, unknown>, row: Record<string, unknown>): unknown {
	const path = table.schema.primKey.keyPath;
	return Array.isArray(path) ? path.map((p) => row[p]) : row[path as string];
}
