/**
 * Backup and restore of a SQLite server (`npm run admin -- backup|restore <file>`): one file that
 * holds the database and every photo, so it can be copied, checksummed and stored as a unit.
 *
 * The backup is SQLite's online backup (better-sqlite3 `backup()`, page by page, while the server
 * keeps serving) into `<file>.part`; the files under DATA_DIR/blobs are then added to that copy
 * in a table `backup_files`, with a `backup_manifest` (format, time, audit head, counts), and the
 * part file is renamed into place. Photos are written before the mutations that reference them
 * and never change, so every photo the copied database names is already on disk when the files
 * are read. When the photos live in an S3 bucket (BLOB_STORE=s3), they are read from the bucket
 * into the file instead, under the same `ab/cd/<sha256>` paths, and restore puts them back into
 * the bucket the restoring server is configured with. PostgreSQL is backed up with pg_dump and a
 * copy of the blob directory (or the bucket) instead (docs/operations.md).
 *
 * Restore refuses to overwrite: the target data directory must have no database yet. It
 * rebuilds DATA_DIR/app.sqlite and DATA_DIR/blobs from the file, checks each photo's hash, and
 * re-computes the audit chain, which must end at the head recorded in the manifest. The live
 * server's trail records each backup (`backup_created`); a restored database is left exactly as
 * it was copied.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import SQLite from 'better-sqlite3';
import { appendAudit, verifyChain, type ChainReport } from '../auth/audit';
import { blobPath, type BlobStore } from '../blobs/blob-store';
import { FileBlobStore } from '../blobs/file-blob-store';
import { openDatabase } from '../db/open-database';

/** Bumped when the file's layout changes; restore refuses formats it does not know. */
export const BACKUP_FORMAT = 1;
const DB_FILE = 'app.sqlite';
const BLOB_DIR = 'blobs';

export interface BackupSummary {
	file: string;
	createdAt: string;
	/** Files copied from DATA_DIR/blobs or the bucket (photos and signatures). */
	blobs: number;
	blobBytes: number;
	auditSeq: number;
	auditHash: string;
}

export interface RestoreSummary extends BackupSummary {
	chain: ChainReport;
}

/** Every regular file under `dir`, relative paths with '/'; the store's tmp/ (uploads in flight) is left out. */
async function filesUnder(dir: string): Promise<string[]> {
	if (!existsSync(dir)) return [];
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	return entries
		.filter((e) => e.isFile())
		.map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
		.filter((path) => !path.startsWith('tmp/'))
		.sort();
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Refuses paths that would leave the blob directory when restored. */
function safeRelative(path: string): boolean {
	return path.length > 0 && !path.startsWith('/') && !path.split('/').some((part) => part === '..' || part === '' || part === '.');
}

/** Kept elsewhere than in files under DATA_DIR/blobs (an S3 bucket): read and written through the store. */
const elsewhere = (store: BlobStore | undefined): store is BlobStore => store !== undefined && !(store instanceof FileBlobStore);

/** The photos to copy, path and bytes: the files under DATA_DIR/blobs, or every blob in the store. */
async function* blobFiles(dataDir: string, store: BlobStore | undefined): AsyncGenerator<[string, Buffer]> {
	if (!elsewhere(store)) {
		const blobRoot = join(dataDir, BLOB_DIR);
		for (const path of await filesUnder(blobRoot)) yield [path, await readFile(join(blobRoot, path))];
		return;
	}
	for await (const blob of store.list()) {
		const opened = await store.open(blob.sha256);
		if (opened) yield [blobPath(blob.sha256), Buffer.from(await new Response(opened.body).arrayBuffer())];
	}
}

/**
 * Writes a backup of the SQLite server in `dataDir` to `file` (which must not exist). Works while
 * the server runs. Throws an Error with an operator-facing message when it cannot. `store`: where
 * the server keeps its photos, when not in DATA_DIR/blobs.
 */
export async function backupSqlite(dataDir: string, file: string, store?: BlobStore): Promise<BackupSummary> {
	const source = join(dataDir, DB_FILE);
	if (!existsSync(source)) throw new Error(`No database at ${source}`);
	if (existsSync(file)) throw new Error(`${file} already exists; choose a new file name`);
	const part = `${file}.part`;
	await rm(part, { force: true });
	await mkdir(dirname(file), { recursive: true });

	const live = new SQLite(source, { readonly: true, fileMustExist: true });
	try {
		await live.backup(part);
	} finally {
		live.close();
	}

	const copy = new SQLite(part);
	try {
		// One self-contained file: no -wal beside it.
		copy.pragma('journal_mode = DELETE');
		copy.exec(`CREATE TABLE backup_files (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, bytes BLOB NOT NULL);
			CREATE TABLE backup_manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
		const insert = copy.prepare('INSERT INTO backup_files (path, sha256, bytes) VALUES (?, ?, ?)');
		let blobs = 0;
		let blobBytes = 0;
		for await (const [path, bytes] of blobFiles(dataDir, store)) {
			insert.run(path, sha256(bytes), bytes);
			blobs++;
			blobBytes += bytes.byteLength;
		}
		const head = copy.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
		if (!head) throw new Error('The database has no audit head; is it this app’s database?');
		const summary: BackupSummary = {
			file,
			createdAt: new Date().toISOString(),
			blobs,
			blobBytes,
			auditSeq: Number(head.seq),
			auditHash: head.hash
		};
		const manifest = copy.prepare('INSERT INTO backup_manifest (key, value) VALUES (?, ?)');
		manifest.run('format', String(BACKUP_FORMAT));
		manifest.run('summary', JSON.stringify({ ...summary, file: undefined }));
		copy.close();
		await rename(part, file);
		await recordBackup(dataDir, summary);
		return summary;
	} catch (error) {
		if (copy.open) copy.close();
		await rm(part, { force: true });
		throw error;
	}
}

/** The live server's trail notes the backup (after the copy, so the copy ends just before it). */
async function recordBackup(dataDir: string, summary: BackupSummary): Promise<void> {
	const live = openDatabase({ dataDir });
	try {
		const { file, auditSeq, auditHash, blobs } = summary;
		await appendAudit(live.db, { action: 'backup_created', actorUserId: null, detail: { file, auditSeq, auditHash, blobs } });
	} finally {
		await live.close();
	}
}

function readManifest(file: string): Omit<BackupSummary, 'file'> {
	const backup = new SQLite(file, { readonly: true, fileMustExist: true });
	try {
		const rows = backup.prepare('SELECT key, value FROM backup_manifest').all() as { key: string; value: string }[];
		const map = new Map(rows.map((r) => [r.key, r.value]));
		if (map.get('format') !== String(BACKUP_FORMAT)) throw new Error(`Unknown backup format ${map.get('format') ?? '(none)'}`);
		return JSON.parse(map.get('summary') ?? '{}') as Omit<BackupSummary, 'file'>;
	} catch (error) {
		if (error instanceof Error && /no such table/.test(error.message))
			throw new Error(`${file} is not a backup made by this app`, { cause: error });
		throw error;
	} finally {
		backup.close();
	}
}

/**
 * Restores `file` into `dataDir`, which must hold no database yet (move the old one aside first).
 * Checks every photo's hash and the audit chain; throws with an operator-facing message when the
 * file is damaged, and then leaves no database behind. `store`: where the photos go when not into
 * DATA_DIR/blobs (each is checked again by the store, as an upload is).
 */
export async function restoreSqlite(file: string, dataDir: string, store?: BlobStore): Promise<RestoreSummary> {
	if (!existsSync(file)) throw new Error(`No backup at ${file}`);
	const target = join(dataDir, DB_FILE);
	if (existsSync(target)) throw new Error(`${target} already exists; restore only into an empty data directory`);
	const manifest = readManifest(file);
	await mkdir(dataDir, { recursive: true });
	const part = `${target}.restoring`;
	await rm(part, { force: true });

	const backup = new SQLite(file, { readonly: true, fileMustExist: true });
	const written: string[] = [];
	try {
		await backup.backup(part);
		const blobRoot = join(dataDir, BLOB_DIR);
		for (const row of backup.prepare('SELECT path, sha256, bytes FROM backup_files ORDER BY path').iterate() as Iterable<{
			path: string;
			sha256: string;
			bytes: Buffer;
		}>) {
			if (!safeRelative(row.path)) throw new Error(`The backup names a file outside the blob directory: ${row.path}`);
			if (sha256(row.bytes) !== row.sha256) throw new Error(`The backup is damaged: ${row.path} does not match its checksum`);
			if (elsewhere(store)) {
				const put = await store.put(row.path.split('/').at(-1) ?? '', new Blob([new Uint8Array(row.bytes)]).stream());
				if (!put.ok) throw new Error(`${store.describe()} refused ${row.path}: ${put.message}`);
				continue;
			}
			const path = join(blobRoot, ...row.path.split('/'));
			await mkdir(dirname(path), { recursive: true });
			if (!existsSync(path)) {
				await writeFile(path, row.bytes, { flag: 'wx' });
				written.push(path);
			}
		}
	} catch (error) {
		backup.close();
		await rm(part, { force: true });
		for (const path of written) await rm(path, { force: true });
		throw error;
	}
	backup.close();

	const restored = new SQLite(part);
	restored.exec('DROP TABLE backup_files; DROP TABLE backup_manifest;');
	restored.exec('VACUUM');
	restored.close();
	await rename(part, target);

	const opened = openDatabase({ dataDir });
	try {
		const chain = await verifyChain(opened.db);
		const head = await opened.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
		if (Number(head.seq) !== manifest.auditSeq || head.hash !== manifest.auditHash) {
			return { ...manifest, file, chain: { ok: false, checked: chain.checked, firstBadSeq: Number(head.seq), reason: 'head_mismatch' } };
		}
		return { ...manifest, file, chain };
	} finally {
		await opened.close();
	}
}
