/**
 * The audit trail: one entry per login, failed login, logout and applied mutation, in the
 * transaction of the thing it records; a chain that shows any edited or deleted row; and a chain
 * that stays whole when many writers append at once.
 */
import { describe, expect, it } from 'vitest';
import {
	appendAudit,
	canonicalJson,
	GENESIS_HASH,
	logIn,
	defaultLoginLimits,
	LoginRateLimiter,
	logOut,
	users,
	verifyChain,
	type PublicUser
} from '$lib/server/auth';
import { answerArgs, inspectionArgs, itemIdAt } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const password = 'mat-khau-du-dai-1';
let counter = 0;
const uniqueName = () => `kiemtra.${Date.now().toString(36)}${(counter++).toString(36)}`;

describe.each(testDatabases)('audit trail on $name', (kind) => {
	const ctx = useSyncContext(kind);

	const newInspector = (): Promise<PublicUser> =>
		users.create(ctx.db, { username: uniqueName(), displayName: 'Lê Văn Kiểm', role: 'inspector', provinceCode: 1, password }, null);

	/** Entries appended since `seq`, oldest first. */
	const entriesAfter = (seq: number) =>
		ctx.db.selectFrom('audit_log').select(['seq', 'action', 'actor_user_id', 'detail']).where('seq', '>', seq).orderBy('seq').execute();
	const lastSeq = async () =>
		Number((await ctx.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow()).seq);

	it('logs a failed login, a login and a logout, one entry each', async () => {
		const user = await newInspector();
		const limiter = new LoginRateLimiter();
		const address = '192.0.2.10';
		const before = await lastSeq();

		expect(await logIn(ctx.db, { username: user.username, password: 'sai-mat-khau-roi' }, { address, limiter })).toMatchObject({
			ok: false
		});
		expect(await logIn(ctx.db, { username: 'khong-co-ai', password }, { address, limiter })).toMatchObject({ ok: false });
		const ok = await logIn(ctx.db, { username: user.username.toUpperCase(), password }, { address, limiter });
		if (!ok.ok) throw new Error(ok.message);
		await logOut(ctx.db, ok.session.token);
		await logOut(ctx.db, ok.session.token); // already gone: nothing to log

		const entries = await entriesAfter(before);
		expect(entries.map((e) => [e.action, e.actor_user_id])).toEqual([
			['login_failed', null],
			['login_failed', null],
			['login', user.id],
			['logout', user.id]
		]);
		expect(JSON.parse(entries[0]!.detail)).toEqual({ username: user.username, address, reason: 'wrong_password' });
		expect(JSON.parse(entries[1]!.detail)).toEqual({ username: 'khong-co-ai', address, reason: 'unknown_user' });
		// No password, right or wrong, ever reaches the trail.
		expect(entries.map((e) => e.detail).join()).not.toMatch(/mat-khau/);
	});

	it('logs each applied mutation in its own transaction, and nothing for rejections or replays', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const batch = [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('answerItem', answerArgs('0199a1b2-6a00-7b11-9c22-3d44e55f6a77', 'A2'))
		];
		const before = await lastSeq();

		const first = await ctx.push(client, batch);
		expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
		await ctx.push(client, batch);

		const entries = await entriesAfter(before);
		expect(entries.map((e) => [e.action, e.actor_user_id])).toEqual([
			['mutation:createInspection', client.actor.userId],
			['mutation:answerItem', client.actor.userId]
		]);
		expect(JSON.parse(entries[1]!.detail)).toEqual({
			mutationId: batch[1]!.mutationId,
			clientId: client.clientId,
			seq: 2,
			inspectionId: inspection.id
		});
	});

	it('rolls an entry back with the transaction it was appended in', async () => {
		const before = await lastSeq();
		await expect(
			ctx.db.transaction().execute(async (trx) => {
				await appendAudit(trx, { action: 'user_created', actorUserId: null, detail: { username: 'se-khong-con' } });
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		expect(await lastSeq()).toBe(before);
		expect(await entriesAfter(before)).toEqual([]);
		expect(await verifyChain(ctx.db)).toMatchObject({ ok: true });
	});

	it('hashes canonical JSON, whatever the key order', () => {
		expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
	});

	it('verifies the chain, then names the entry whose detail was edited in SQL', async () => {
		const victim = await newInspector();
		await newInspector();
		const report = await verifyChain(ctx.db);
		expect(report).toEqual({ ok: true, checked: await lastSeq() });
		const first = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', 1).executeTakeFirstOrThrow();
		expect(first.prev_hash).toBe(GENESIS_HASH);

		const target = (await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'user_created').execute()).find(
			(row) => JSON.parse(row.detail).userId === victim.id
		)!;
		const seq = Number(target.seq);
		const forged = target.detail.replace('"role":"inspector"', '"role":"admin"');
		expect(forged).not.toBe(target.detail);
		await ctx.db.updateTable('audit_log').set({ detail: forged }).where('seq', '=', seq).execute();
		expect(await verifyChain(ctx.db)).toEqual({ ok: false, checked: seq - 1, firstBadSeq: seq, reason: 'hash_mismatch' });

		// Rewriting the hash as well does not help: the next entry still points at the old one.
		const { entryHash } = await import('$lib/server/auth/audit');
		await ctx.db
			.updateTable('audit_log')
			.set({ hash: entryHash(target.prev_hash, { ...target, seq, detail: forged }) })
			.where('seq', '=', seq)
			.execute();
		expect(await verifyChain(ctx.db)).toMatchObject({ ok: false, firstBadSeq: seq + 1, reason: 'broken_link' });

		await ctx.db.updateTable('audit_log').set({ detail: target.detail, hash: target.hash }).where('seq', '=', seq).execute();
		expect(await verifyChain(ctx.db)).toMatchObject({ ok: true });
	});

	it('names a deleted entry, in the middle and at the end', async () => {
		await newInspector();
		const head = await lastSeq();
		const middle = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
		await ctx.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
		expect(await verifyChain(ctx.db)).toEqual({ ok: false, checked: 1, firstBadSeq: 2, reason: 'missing_entry' });
		await ctx.db.insertInto('audit_log').values(middle).execute();

		const last = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', head).executeTakeFirstOrThrow();
		await ctx.db.deleteFrom('audit_log').where('seq', '=', head).execute();
		expect(await verifyChain(ctx.db)).toMatchObject({ ok: false, firstBadSeq: head, reason: 'missing_entry' });
		await ctx.db.insertInto('audit_log').values(last).execute();
		expect(await verifyChain(ctx.db)).toEqual({ ok: true, checked: head });
	});

	it('keeps one unbroken chain while many devices push and people sign in at once', async () => {
		const before = await lastSeq();
		const clients = Array.from({ length: 8 }, () => ctx.newClient());
		const user = await newInspector();
		const lenient = { free: 1000, baseMs: 1000, maxMs: 1000 };
		const limiter = new LoginRateLimiter({ ...defaultLoginLimits, pair: lenient, address: lenient, account: lenient });

		const pushes = clients.map(async (client) => {
			const inspection = inspectionArgs();
			const queue = [client.mutation('createInspection', inspection)];
			for (let i = 1; i < 20; i++) queue.push(client.mutation('answerItem', answerArgs(inspection.id, itemIdAt(i))));
			for (let i = 0; i < queue.length; i += 5) {
				const response = await ctx.push(client, queue.slice(i, i + 5));
				expect(response.results.every((r) => r.status === 'applied')).toBe(true);
			}
		});
		const logins = Array.from({ length: 10 }, (_, i) =>
			logIn(ctx.db, { username: user.username, password: i % 2 ? password : 'sai-mat-khau-roi' }, { address: `192.0.2.${i}`, limiter })
		);
		await Promise.all([...pushes, ...logins]);

		const added = (await lastSeq()) - before;
		// 160 mutations, 10 login attempts, and the user_created of the inspector.
		expect(added).toBe(8 * 20 + 10 + 1);
		const seqs = (await entriesAfter(before)).map((e) => Number(e.seq));
		expect(seqs).toEqual(Array.from({ length: added }, (_, i) => before + 1 + i));
		expect(await verifyChain(ctx.db)).toEqual({ ok: true, checked: before + added });
	});
});
