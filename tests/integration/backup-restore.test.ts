/**
 * Backup and restore of a SQLite server (must-show 7): a populated server is backed up with the
 * command line while its database is open, restored into an empty data directory, and every
 * row, photo and audit entry is found again with the chain intact. A damaged backup or a data
 * directory that already has a database are refused, leaving nothing half-restored. With photos in
 * an S3 bucket (BLOB_STORE=s3), the backup reads them from the bucket and the restore puts them
 * into the restoring server's bucket.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, LoginRateLimiter, users, verifyChain } from '$lib/server/auth';
import { runAdminCli } from '$lib/server/cli/admin-cli';
import { openDatabase } from '$lib/server/db';
import { inspectionArgs, jpegImage, officerArgs, photoArgs, pngImage, sha256Of } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { createTestBlobStore, withBlobStores, type TestBlobStore } from './support/test-blob-stores';

/**
 * Runs the command line against the server in DATA_DIR (no database handed in, as in production),
 * its photos where `blobEnv` says (BLOB_STORE, S3_*).
 */
async function runCli(argv: string[], dataDir: string, blobEnv: Record<string, string | undefined>) {
	const saved: Record<string, string | undefined> = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	for (const key of Object.keys(blobEnv)) saved[key] = process.env[key];
	process.env.DATA_DIR = dataDir;
	delete process.env.DATABASE_URL;
	for (const [key, value] of Object.entries(blobEnv)) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
	const out: string[] = [];
	const err: string[] = [];
	try {
		const code = await runAdminCli(argv, { stdin: Readable.from(['']), stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
		return { code, out: out.join('\n'), err: err.join('\n') };
	} finally {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	}
}

/** Every table's rows, in a stable order: what "every record" means for this comparison. */
function dump(file: string): Record<string, unknown[]> {
	const db = new SQLite(file, { readonly: true });
	try {
		const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
			name: string;
		}[];
		return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
	} finally {
		db.close();
	}
}

describe.each(withBlobStores([{ name: 'sqlite' as const, skipReason: null }]))('backup and restore on sqlite, $blobs', (kind) => {
	const ctx = useSyncContext(kind);
	const cli = (argv: string[], dataDir: string, blobEnv = ctx.testBlobs.env) => runCli(argv, dataDir, blobEnv);
	const targets: TestBlobStore[] = [];
	let scratch: string;
	const images = [jpegImage(4096), pngImage(900), jpegImage(70_000)];

	beforeAll(async () => {
		if (kind.skipReason) return;
		scratch = await mkdtemp(join(tmpdir(), 'kiem-tra-backup-'));
		// A server with accounts, sign-ins, a record with photos, and the audit entries of all that.
		const limiter = new LoginRateLimiter();
		const user = await users.create(
			ctx.db,
			{ username: 'sao.luu', displayName: 'Sao Lưu', role: 'inspector', provinceCode: 1, password: 'mat-khau-sao-luu-1' },
			null
		);
		await logIn(ctx.db, { username: user.username, password: 'sai-mat-khau-roi' }, { address: '192.0.2.1', limiter });
		await logIn(ctx.db, { username: user.username, password: 'mat-khau-sao-luu-1' }, { address: '192.0.2.1', limiter });
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		for (const image of images) await ctx.upload(image);
		const result = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('addOfficer', officerArgs(inspection.id)),
			...images.map((image) => client.mutation('attachPhoto', photoArgs(inspection.id, image)))
		]);
		expect(result.results.every((r) => r.status === 'applied')).toBe(true);
	});
	afterAll(async () => {
		for (const target of targets) await target.close();
		if (scratch) await rm(scratch, { recursive: true, force: true });
	});

	it('restores every record, photo and audit entry into an empty data directory, chain intact', async () => {
		const file = join(scratch, 'ban-sao.kiemtra');
		const backup = await cli(['backup', file], ctx.fresh.dataDir);
		expect(backup).toMatchObject({ code: 0, err: '' });
		expect(backup.out).toContain(`${images.length} tệp ảnh`);
		// The server's database stayed open (ctx.db) the whole time: an online backup.
		expect(await ctx.db.selectFrom('photos').select('id').execute()).toHaveLength(images.length);

		const target = join(scratch, 'khoi-phuc');
		// The restoring server's own store: an empty directory, or an empty bucket of its own.
		const restoredBlobs = await createTestBlobStore(kind.blobs, target);
		targets.push(restoredBlobs);
		const restore = await cli(['restore', file], target, restoredBlobs.env);
		expect(restore).toMatchObject({ code: 0, err: '' });
		expect(restore.out).toContain('Nhật ký kiểm toán nguyên vẹn');

		const before = dump(join(ctx.fresh.dataDir, 'app.sqlite'));
		const after = dump(join(target, 'app.sqlite'));
		expect(Object.keys(after)).toEqual(Object.keys(before));
		// The live trail has gone on by one entry, the backup itself; everything else is as copied.
		const noted = (before.audit_log ?? []).at(-1) as { seq: number; action: string; detail: string };
		expect(noted.action).toBe('backup_created');
		const auditSeq = (JSON.parse(noted.detail) as { auditSeq: number }).auditSeq;
		expect(after.audit_log).toEqual((before.audit_log ?? []).filter((e) => (e as { seq: number }).seq <= auditSeq));
		expect(after.audit_head).toEqual([expect.objectContaining({ seq: auditSeq })]);
		for (const table of Object.keys(before).filter((t) => t !== 'audit_log' && t !== 'audit_head')) {
			expect(after[table], table).toEqual(before[table]);
		}
		expect(after.photos).toHaveLength(images.length);
		expect((after.audit_log ?? []).length).toBeGreaterThan(images.length);

		for (const image of images) {
			if (kind.blobs === 'file') {
				const path = join(target, 'blobs', image.sha256.slice(0, 2), image.sha256.slice(2, 4), image.sha256);
				expect(sha256Of(await readFile(path))).toBe(image.sha256);
			}
			const opened = await restoredBlobs.store.open(image.sha256);
			expect(sha256Of(new Uint8Array(await new Response(opened!.body).arrayBuffer()))).toBe(image.sha256);
		}
		const restored = openDatabase({ dataDir: target });
		try {
			const chain = await verifyChain(restored.db);
			expect(chain).toEqual({ ok: true, checked: (after.audit_log ?? []).length });
		} finally {
			await restored.close();
		}
	});

	it('refuses to overwrite a backup file or a data directory that has a database', async () => {
		const file = join(scratch, 'hai-lan.kiemtra');
		expect((await cli(['backup', file], ctx.fresh.dataDir)).code).toBe(0);
		expect(await cli(['backup', file], ctx.fresh.dataDir)).toMatchObject({ code: 1, err: expect.stringContaining('already exists') });
		expect(await cli(['restore', file], ctx.fresh.dataDir)).toMatchObject({ code: 1, err: expect.stringContaining('already exists') });
		expect((await cli(['backup'], ctx.fresh.dataDir)).code).toBe(2);
	});

	it('refuses a damaged backup and leaves no database behind', async () => {
		const file = join(scratch, 'hong.kiemtra');
		expect((await cli(['backup', file], ctx.fresh.dataDir)).code).toBe(0);
		const damaged = new SQLite(file);
		damaged.prepare("UPDATE backup_files SET bytes = CAST('garbage' AS BLOB) WHERE rowid = 1").run();
		damaged.close();
		const target = join(scratch, 'khong-khoi-phuc');
		expect(await cli(['restore', file], target)).toMatchObject({ code: 1, err: expect.stringContaining('checksum') });
		expect(existsSync(join(target, 'app.sqlite'))).toBe(false);
		expect(existsSync(join(target, 'app.sqlite.restoring'))).toBe(false);
	});

	it('finds a restored chain that was re-hashed inside the backup', async () => {
		const file = join(scratch, 'sua.kiemtra');
		expect((await cli(['backup', file], ctx.fresh.dataDir)).code).toBe(0);
		const edited = new SQLite(file);
		edited.prepare('UPDATE audit_log SET detail = \'{"username":"ai-do"}\' WHERE seq = 2').run();
		edited.close();
		const restore = await cli(['restore', file], join(scratch, 'sua-khoi-phuc'));
		expect(restore).toMatchObject({ code: 1, err: expect.stringContaining('mục 2') });
	});
});
