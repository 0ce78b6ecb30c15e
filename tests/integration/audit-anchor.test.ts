/**
 * The audit trail against someone with write access to the database (must-show 5): the anchor
 * printed by `audit-anchor` exposes a chain that was re-hashed or cut back, which the chain alone
 * cannot; and the trail records refused mutations, photo uploads and refused requests.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { appendAudit, createSession, SESSION_COOKIE, verifyChain } from '$lib/server/auth';
import { entryHash, GENESIS_HASH } from '$lib/server/auth/audit';
import { runAdminCli } from '$lib/server/cli/admin-cli';
import type { Database } from '$lib/server/db';
import { handle } from '../../src/hooks.server';
import { createCaller } from './support/callers';
import { inspectionArgs } from './support/factories';
import { requestEvent } from './support/auth-browser';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

async function cli(db: Kysely<Database>, argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runAdminCli(argv, { stdin: Readable.from(['']), stdout: (l) => out.push(l), stderr: (l) => err.push(l), db });
	return { code, out: out.join('\n'), err: err.join('\n') };
}

async function anchorOf(db: Kysely<Database>): Promise<string> {
	const { out } = await cli(db, ['audit-anchor']);
	const match = /Neo nhật ký kiểm toán: (\d+:[0-9a-f]{64})/.exec(out);
	if (!match) throw new Error(`no anchor in: ${out}`);
	return match[1]!;
}

async function addEntries(db: Kysely<Database>, n: number, note: string) {
	for (let i = 0; i < n; i++) await appendAudit(db, { action: 'login_failed', actorUserId: null, detail: { note, i } });
}

/** What an attacker with the database would do: rewrite every hash from `fromSeq` on so the chain verifies again. */
async function rehashFrom(db: Kysely<Database>, fromSeq: number) {
	const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', fromSeq).orderBy('seq').execute();
	const before = await db
		.selectFrom('audit_log')
		.select('hash')
		.where('seq', '=', fromSeq - 1)
		.executeTakeFirst();
	let prev = before?.hash ?? GENESIS_HASH;
	for (const row of rows) {
		const hash = entryHash(prev, { ...row, seq: Number(row.seq) });
		await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
		prev = hash;
	}
	const last = rows.at(-1);
	if (last) await db.updateTable('audit_head').set({ seq: last.seq, hash: prev }).where('id', '=', 1).execute();
}

describe.each(testDatabases)('audit anchor on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	it('prints the head (count, hash, time) and still verifies after more entries', async () => {
		await addEntries(ctx.db, 3, 'truoc');
		const { code, out } = await cli(ctx.db, ['audit-anchor']);
		expect(code).toBe(0);
		expect(out).toMatch(/Số mục: \d+/);
		expect(out).toMatch(/Mã băm SHA-256 của mục cuối: [0-9a-f]{64}/);
		expect(out).toMatch(/Thời điểm của mục cuối: \d{4}-\d\d-\d\dT/);
		const anchor = await anchorOf(ctx.db);
		await addEntries(ctx.db, 2, 'sau');
		expect(await cli(ctx.db, ['verify-audit', '--anchor', anchor])).toMatchObject({ code: 0 });
		expect((await cli(ctx.db, ['verify-audit', '--anchor', 'khong-phai-neo'])).code).toBe(2);
	});

	it('catches an entry edited and the chain re-hashed after it, which the chain alone accepts', async () => {
		await addEntries(ctx.db, 3, 'sua');
		const anchor = await anchorOf(ctx.db);
		const victim = Number(anchor.split(':')[0]) - 2;
		await ctx.db.updateTable('audit_log').set({ detail: '{"note":"da sua"}' }).where('seq', '=', victim).execute();
		expect(await verifyChain(ctx.db)).toMatchObject({ ok: false, firstBadSeq: victim, reason: 'hash_mismatch' });
		await rehashFrom(ctx.db, victim);
		expect(await verifyChain(ctx.db)).toMatchObject({ ok: true });

		const caught = await cli(ctx.db, ['verify-audit', '--anchor', anchor]);
		expect(caught.code).toBe(1);
		expect(caught.err).toContain('anchor_missing');
		// Later checks against that anchor keep failing; a fresh anchor describes the forged chain.
		await addEntries(ctx.db, 1, 'tiep');
		expect((await cli(ctx.db, ['verify-audit', '--anchor', anchor])).code).toBe(1);
	});

	it('catches a trail cut back to before the anchor, head moved to match', async () => {
		await addEntries(ctx.db, 4, 'cat');
		const anchor = await anchorOf(ctx.db);
		const keep = Number(anchor.split(':')[0]) - 3;
		const kept = await ctx.db.selectFrom('audit_log').select('hash').where('seq', '=', keep).executeTakeFirstOrThrow();
		await ctx.db.deleteFrom('audit_log').where('seq', '>', keep).execute();
		await ctx.db.updateTable('audit_head').set({ seq: keep, hash: kept.hash }).where('id', '=', 1).execute();
		expect(await verifyChain(ctx.db)).toEqual({ ok: true, checked: keep });

		const caught = await cli(ctx.db, ['verify-audit', '--anchor', anchor]);
		expect(caught).toMatchObject({ code: 1, err: expect.stringContaining('anchor_missing') });
	});

	it('catches an entry removed from the middle (the chain breaks) and a hash moved to another seq', async () => {
		await addEntries(ctx.db, 3, 'giua');
		const anchor = await anchorOf(ctx.db);
		const [seq, hash] = anchor.split(':');
		expect((await cli(ctx.db, ['verify-audit', '--anchor', `${Number(seq) + 1}:${hash}`])).err).toContain('anchor_moved');
		await ctx.db
			.deleteFrom('audit_log')
			.where('seq', '=', Number(seq) - 1)
			.execute();
		const caught = await cli(ctx.db, ['verify-audit', '--anchor', anchor]);
		expect(caught).toMatchObject({ code: 1, err: expect.stringContaining('missing_entry') });
	});
});

describe.each(testDatabases)('what the audit trail records on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	const entries = async (action: string, actor: string) =>
		(await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', action).where('actor_user_id', '=', actor).execute()).map(
			(r) => JSON.parse(r.detail) as Record<string, unknown>
		);

	it('records a mutation refused for lack of rights', async () => {
		const ward = ctx.newActor('ward', { unitCode: 70 });
		const client = ctx.newClient(ward);
		const result = await ctx.push(client, [client.mutation('createInspection', inspectionArgs())]);
		expect(result.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
		expect(await entries('mutation_refused', ward.userId)).toEqual([
			expect.objectContaining({ name: 'createInspection', code: 'forbidden', seq: 1, clientId: client.clientId })
		]);
	});

	it('records a stored photo and a refused request, once the route has answered', async () => {
		const caller = await createCaller(ctx.db, 'inspector', { provinceCode: 1 });
		const { token } = await createSession(ctx.db, caller.user.userId);
		const send = async (method: string, path: string, answer: Response, headers: Record<string, string> = {}) => {
			const request = new Request(`http://localhost${path}`, { method, headers: { cookie: `${SESSION_COOKIE}=${token}`, ...headers } });
			const { event } = requestEvent(request);
			return handle({ event: event as never, resolve: () => Promise.resolve(answer) });
		};
		const sha = 'ab'.repeat(32);
		await send('PUT', `/api/blobs/${sha}`, new Response('{}', { status: 201 }), { 'content-length': '4096', 'content-type': 'image/jpeg' });
		await send('PUT', `/api/blobs/${sha}`, new Response('{}', { status: 200 }), { 'content-length': '4096' });
		const refusal = JSON.stringify({ error: { code: 'forbidden', message: 'no' } });
		await send('GET', '/api/admin/users', new Response(refusal, { status: 403 }));

		expect(await entries('blob_uploaded', caller.user.userId)).toEqual([{ sha256: sha, size: 4096, type: 'image/jpeg' }]);
		expect(await entries('request_forbidden', caller.user.userId)).toEqual([
			{ method: 'GET', path: '/api/admin/users', code: 'forbidden' }
		]);
		expect(await verifyChain(ctx.db)).toMatchObject({ ok: true });
	});
});
