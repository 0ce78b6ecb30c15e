/**
 * Per-test-file context for server sync tests: a fresh migrated database, a blob store (in a temp
 * dir, or in a bucket of its own on the S3 test server when the kind says `blobs: 's3'`), and factories for users and devices (`ctx.newInspector()`, `ctx.newClient(actor)`).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { MUTATION_SCHEMA_VERSION, type Mutation, type MutationArgs, type MutationName } from '$lib/domain/protocol';
import { blobStore, type BlobStore } from '$lib/server/blobs';
import { closeDatabase, migrateToLatest } from '$lib/server/db';
import { applyPush, pullChanges, type Actor, type PulledChange, type PushResponse } from '$lib/server/sync';
import { createTestBlobStore, type BlobBackend, type TestBlobStore } from './test-blob-stores';
import { createFreshDatabase, type FreshDatabase, type TestDatabaseKind } from './test-databases';

/** A device: its clientId, its user, and its own gap-free seq counter. */
export class TestClient {
	readonly clientId = uuidv7();
	#nextSeq = 1;

	constructor(readonly actor: Actor) {}

	/** The next mutation in this device's queue, as the outbox would make it. */
	mutation<N extends MutationName>(name: N, args: MutationArgs<N>): Mutation {
		return {
			mutationId: uuidv7(),
			seq: this.#nextSeq++,
			schemaVersion: MUTATION_SCHEMA_VERSION,
			createdAt: new Date().toISOString(),
			name,
			args
		} as Mutation;
	}
}

export class SyncTestContext {
	#fresh: FreshDatabase | null = null;
	#blobs: TestBlobStore | null = null;

	constructor(readonly kind: TestDatabaseKind & { blobs?: BlobBackend }) {}

	async open(options: { migrate: boolean }) {
		this.#fresh = await createFreshDatabase(this.kind.name);
		this.#blobs = await createTestBlobStore(this.kind.blobs ?? 'file', this.#fresh.dataDir);
		if (options.migrate) await migrateToLatest(this.#fresh.db);
	}

	async close() {
		await this.#blobs?.close();
		await this.#fresh?.destroy();
		this.#fresh = null;
	}

	get fresh(): FreshDatabase {
		if (!this.#fresh) throw new Error('test database not open');
		return this.#fresh;
	}

	get db() {
		return this.fresh.db;
	}

	get blobs(): BlobStore {
		return this.testBlobs.store;
	}

	/** The blob store with what tests need beyond the app's interface (its environment, ageing). */
	get testBlobs(): TestBlobStore {
		if (!this.#blobs) throw new Error('test database not open');
		return this.#blobs;
	}

	newInspector(): Actor {
		return { userId: `inspector-${randomUUID()}`, role: 'inspector', provinceCode: null, unitCode: null };
	}

	newActor(role: Actor['role'], overrides: Partial<Actor> = {}): Actor {
		return { userId: `${role}-${randomUUID()}`, role, provinceCode: 1, unitCode: null, ...overrides };
	}

	newClient(actor: Actor = this.newInspector()): TestClient {
		return new TestClient(actor);
	}

	push(client: TestClient, mutations: readonly unknown[]): Promise<PushResponse> {
		return applyPush(this.db, client.actor, { clientId: client.clientId, mutations: mutations as Mutation[] }, { blobs: this.blobs });
	}

	/** Pulls from `cursor` until the server says there is no more. */
	async pullAll(actor: Actor, options: { cursor?: number; limit?: number } = {}) {
		const changes: PulledChange[] = [];
		let cursor = options.cursor ?? 0;
		for (;;) {
			const page = await pullChanges(this.db, actor, { cursor, limit: options.limit });
			changes.push(...page.changes);
			cursor = page.cursor;
			if (!page.hasMore) return { changes, cursor };
		}
	}

	async countChanges(): Promise<number> {
		const row = await this.db
			.selectFrom('changes')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		return Number(row.n);
	}

	async upload(image: { sha256: string; bytes: Uint8Array<ArrayBuffer> }) {
		const result = await this.blobs.put(image.sha256, new Blob([image.bytes]).stream());
		if (!result.ok) throw new Error(result.message);
	}
}

/**
 * Registers a fresh database for this describe block (created before its tests, dropped
 * after) and skips the block's tests, with the reason, when its database is not available.
 */
export function useSyncContext(kind: TestDatabaseKind & { blobs?: BlobBackend }, options: { migrate?: boolean } = {}): SyncTestContext {
	const ctx = new SyncTestContext(kind);
	if (kind.skipReason) {
		beforeEach((test) => test.skip(kind.skipReason ?? undefined));
		return ctx;
	}
	beforeAll(() => ctx.open({ migrate: options.migrate ?? true }));
	afterAll(() => ctx.close());
	return ctx;
}

/**
 * Points the process-wide database that routes and page loads use (configured from DATA_DIR and
 * DATABASE_URL, like the real server) at this block's fresh database, and their blob store
 * (BLOB_STORE, S3_*) at this block's, and restores the environment afterwards. `shareFile`: on SQLite the server opens the test's own file, so it
 * reads what the test wrote through `ctx.db`; otherwise it gets a file of its own (one
 * connection per file per process). Call it after `useSyncContext`, before the block's own hooks.
 */
export function useServerDatabase(ctx: SyncTestContext, kind: TestDatabaseKind, options: { shareFile?: boolean } = {}): void {
	const saved: Record<string, string | undefined> = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	beforeAll(() => {
		if (kind.skipReason) return;
		process.env.DATA_DIR = options.shareFile ? ctx.fresh.dataDir : join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		for (const [key, value] of Object.entries(ctx.testBlobs.env)) {
			if (!(key in saved)) saved[key] = process.env[key];
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
		// The routes must reach the very store the test looks into (the S3 bucket, not a directory).
		const routes = blobStore().describe();
		if (options.shareFile && routes !== ctx.blobs.describe()) throw new Error(`routes use ${routes}, the test ${ctx.blobs.describe()}`);
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});
}
