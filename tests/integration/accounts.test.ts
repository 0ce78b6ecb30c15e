/**
 * Accounts below HTTP: password hashing, placement rules per role, sessions behind the cookie,
 * the command line, and the demo seed — on both databases.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
	authenticate,
	createSession,
	demoAccounts,
	hashPassword,
	logIn,
	LoginRateLimiter,
	logOut,
	seedDemoIfEmpty,
	SESSION_COOKIE,
	SESSION_TTL_MS,
	users,
	verifyPassword,
	type PublicUser
} from '$lib/server/auth';
import { sessionIdOf } from '$lib/server/auth/sessions';
import { runAdminCli } from '$lib/server/cli/admin-cli';
import type { Database } from '$lib/server/db';
import { requestEvent } from './support/auth-browser';
import { refusalOf } from './support/refusals';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}.${Date.now().toString(36)}${(counter++).toString(36)}`;
const password = 'mat-khau-du-dai-1';

function eventWithToken(token: string | null, url = 'http://localhost/api/auth/me') {
	const headers = token === null ? undefined : { cookie: `${SESSION_COOKIE}=${token}` };
	return requestEvent(new Request(url, { headers }));
}

/** Runs the command line on the test database with `stdin` as its standard input. */
function cli(ctx: { db: Kysely<Database> }, argv: string[], stdin = '') {
	const out: string[] = [];
	const err: string[] = [];
	const run = runAdminCli(argv, { stdin: Readable.from([stdin]), stdout: (l) => out.push(l), stderr: (l) => err.push(l), db: ctx.db });
	return run.then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

describe.each(testDatabases)('accounts on $name', (kind) => {
	const ctx = useSyncContext(kind);

	async function newUser(role: PublicUser['role'] = 'inspector', overrides: Partial<users.NewUser> = {}): Promise<PublicUser> {
		return users.create(
			ctx.db,
			{
				username: uniqueName(role),
				displayName: 'Nguyễn Thị Thử',
				role,
				provinceCode: role === 'admin' ? null : 1,
				unitCode: role === 'ward' ? 70 : null,
				password,
				...overrides
			},
			null
		);
	}

	it('hashes passwords with Argon2id and verifies only the right one', async () => {
		const hashed = await hashPassword('mật khẩu có dấu 123');
		expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hashed, 'mật khẩu có dấu 123')).toBe(true);
		expect(await verifyPassword(hashed, 'mat khau co dau 123')).toBe(false);
		expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
		expect(await hashPassword('mật khẩu có dấu 123')).not.toBe(hashed);
	});

	it('creates accounts by the placement rules of each role', async () => {
		const ward = await newUser('ward');
		expect(ward).toMatchObject({ role: 'ward', provinceCode: 1, unitCode: 70, mustChangePassword: false });
		expect(await newUser('admin')).toMatchObject({ role: 'admin', provinceCode: null, unitCode: null });
		expect(await newUser('admin', { provinceCode: 1 })).toMatchObject({ provinceCode: 1 });
		expect(await newUser('supervisor')).toMatchObject({ role: 'supervisor', provinceCode: 1, unitCode: null });

		// [role, overrides, field, code, message (a validation code) when the schema refuses]
		const cases: [PublicUser['role'], Partial<users.NewUser>, string, string, string?][] = [
			['ward', { unitCode: null }, 'unitCode', 'invalid_request', 'ward_needs_commune'],
			['ward', { provinceCode: null }, 'provinceCode', 'invalid_request', 'role_needs_province'],
			['inspector', { provinceCode: null }, 'provinceCode', 'invalid_request', 'role_needs_province'],
			['supervisor', { provinceCode: null }, 'provinceCode', 'invalid_request', 'role_needs_province'],
			['inspector', { unitCode: 70 }, 'unitCode', 'invalid_request', 'commune_only_for_ward'],
			['admin', { unitCode: 70 }, 'unitCode', 'invalid_request', 'commune_only_for_ward'],
			// Phường Hoàn Kiếm is in Hà Nội (1), not in province 79.
			['ward', { provinceCode: 79 }, 'unitCode', 'commune_not_in_province'],
			['inspector', { provinceCode: 999 }, 'provinceCode', 'province_not_found']
		];
		for (const [role, overrides, field, code, message] of cases) {
			const refusal = await refusalOf(newUser(role, overrides));
			expect({ role, overrides, status: refusal.status, field: refusal.field, code: refusal.code }).toEqual({
				role,
				overrides,
				status: 400,
				field,
				code
			});
			if (message !== undefined) expect(refusal.message).toBe(message);
		}
		expect(await users.findByUsername(ctx.db, ward.username)).toBeDefined();
	});

	it('keeps usernames lower-case, short and plain, and unique', async () => {
		const name = uniqueName('Tran.Van-B_');
		const created = await newUser('inspector', { username: `  ${name.toUpperCase()}  ` });
		expect(created.username).toBe(name.toLowerCase());

		const taken = await refusalOf(newUser('inspector', { username: name.toUpperCase() }));
		expect(taken).toMatchObject({ status: 409, code: 'username_taken' });
		const bad: [string, string][] = [
			['ab', 'username_too_short'],
			['có-dấu', 'username_charset'],
			['a b c', 'username_charset'],
			['x'.repeat(41), 'username_too_long'],
			['semi;colon', 'username_charset']
		];
		for (const [username, message] of bad) {
			expect(await refusalOf(newUser('inspector', { username }))).toMatchObject({ code: 'invalid_request', field: 'username', message });
		}
		expect(await refusalOf(newUser('inspector', { password: 'short' }))).toMatchObject({
			field: 'password',
			message: 'password_too_short'
		});
	});

	it('authenticates the cookie of a live session, and nothing else', async () => {
		const inspector = await newUser('inspector');
		const session = await createSession(ctx.db, inspector.id);

		expect(await authenticate(eventWithToken(session.token).event, { db: ctx.db })).toEqual({
			userId: inspector.id,
			role: 'inspector',
			provinceCode: 1,
			unitCode: null,
			username: inspector.username,
			displayName: 'Nguyễn Thị Thử',
			mustChangePassword: false
		});
		expect(await authenticate(eventWithToken(null).event, { db: ctx.db })).toBeNull();
		expect(await authenticate(eventWithToken('x'.repeat(43)).event, { db: ctx.db })).toBeNull();
		expect(await authenticate(eventWithToken('garbage').event, { db: ctx.db })).toBeNull();
		// Only the hash is stored: the token itself is nowhere in the table.
		const stored = await ctx.db.selectFrom('sessions').select('id').where('user_id', '=', inspector.id).execute();
		expect(stored).toEqual([{ id: sessionIdOf(session.token) }]);
	});

	it('returns null after logout, for a disabled account, and for an expired session', async () => {
		const limiter = new LoginRateLimiter();
		const inspector = await newUser('inspector');
		const login = async () => {
			const result = await logIn(ctx.db, { username: inspector.username, password }, { address: '198.51.100.1', limiter });
			if (!result.ok) throw new Error(result.message);
			return result.session.token;
		};

		const loggedOut = await login();
		await logOut(ctx.db, loggedOut);
		expect(await authenticate(eventWithToken(loggedOut).event, { db: ctx.db })).toBeNull();

		const expired = await login();
		await ctx.db
			.updateTable('sessions')
			.set({ expires_at: new Date(Date.now() - 1000).toISOString() })
			.where('id', '=', sessionIdOf(expired))
			.execute();
		expect(await authenticate(eventWithToken(expired).event, { db: ctx.db })).toBeNull();
		expect(await ctx.db.selectFrom('sessions').select('id').where('id', '=', sessionIdOf(expired)).execute()).toEqual([]);

		const live = await login();
		expect(await authenticate(eventWithToken(live).event, { db: ctx.db })).not.toBeNull();
		await users.setDisabled(ctx.db, inspector.username, true, null);
		expect(await authenticate(eventWithToken(live).event, { db: ctx.db })).toBeNull();
		const refused = await logIn(ctx.db, { username: inspector.username, password }, { address: '198.51.100.1', limiter });
		expect(refused).toMatchObject({ ok: false, status: 403, code: 'account_disabled' });
	});

	it('slides the expiry at most once a day and sends the cookie again when it does', async () => {
		const inspector = await newUser('inspector');
		const session = await createSession(ctx.db, inspector.id);
		const id = sessionIdOf(session.token);

		const fresh = eventWithToken(session.token, 'https://kiemtra.example.vn/api/auth/me');
		expect(await authenticate(fresh.event, { db: ctx.db })).not.toBeNull();
		expect(fresh.writes).toEqual([]);

		const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString();
		await ctx.db
			.updateTable('sessions')
			.set({ last_seen_at: twoDaysAgo, expires_at: new Date(Date.now() + 60_000).toISOString() })
			.where('id', '=', id)
			.execute();
		const stale = eventWithToken(session.token, 'https://kiemtra.example.vn/api/auth/me');
		expect(await authenticate(stale.event, { db: ctx.db })).not.toBeNull();
		const row = await ctx.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(Date.parse(row.expires_at)).toBeGreaterThan(Date.now() + SESSION_TTL_MS - 60_000);
		expect(stale.writes).toEqual([
			{
				name: SESSION_COOKIE,
				value: session.token,
				deleted: false,
				options: expect.objectContaining({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' })
			}
		]);
	});

	it('command line: creates a user from a password on stdin, who can then sign in', async () => {
		const username = uniqueName('cli');
		const created = await cli(
			ctx,
			[
				'create-user',
				'--username',
				username,
				'--role',
				'ward',
				'--province',
				'1',
				'--unit',
				'4',
				'--display-name',
				'UBND Phường Ba Đình',
				'--password-stdin'
			],
			`${password}\n`
		);
		expect(created).toMatchObject({ code: 0, err: '' });

		const limiter = new LoginRateLimiter();
		const result = await logIn(ctx.db, { username, password }, { address: '198.51.100.2', limiter });
		expect(result).toMatchObject({
			ok: true,
			user: { username, role: 'ward', provinceCode: 1, unitCode: 4, displayName: 'UBND Phường Ba Đình' }
		});
		expect((await cli(ctx, ['list-users'])).out).toContain(username);

		expect(await cli(ctx, ['create-user', '--username', uniqueName('cli'), '--role', 'admin', '--password-stdin'], '\n')).toMatchObject({
			code: 1,
			err: expect.stringContaining('Mật khẩu trống')
		});
		expect((await cli(ctx, ['create-user', '--username', uniqueName('cli'), '--role', 'admin'], password)).code).toBe(2);
		expect((await cli(ctx, ['create-user', '--username', uniqueName('cli'), '--role', 'ward', '--password-stdin'], password)).code).toBe(1);
		expect((await cli(ctx, ['no-such-command'])).code).toBe(2);
		expect((await cli(ctx, ['list-users', '--bogus'])).code).toBe(2);
	});

	it('command line: speaks English with --lang en, Vietnamese by default, and refuses another language', async () => {
		const user = await newUser('inspector');
		const english = await cli(ctx, ['disable-user', '--username', user.username, '--lang', 'en']);
		expect(english).toMatchObject({ code: 0, out: expect.stringContaining(`Account ${user.username} disabled; every session has ended.`) });
		const vietnamese = await cli(ctx, ['enable-user', '--username', user.username]);
		expect(vietnamese.out).toContain(`Đã mở khóa tài khoản ${user.username}.`);
		expect((await cli(ctx, ['help', '--lang', 'en'])).out).toContain('Usage: npm run admin -- <command> [options]');
		expect((await cli(ctx, ['list-sessions', '--username', 'khong-ton-tai', '--lang', 'en'])).err).toContain(
			'Not done: There is no account "khong-ton-tai" (username)'
		);
		expect(await cli(ctx, ['list-users', '--lang', 'fr'])).toMatchObject({
			code: 2,
			err: expect.stringContaining('--lang phải là vi hoặc en')
		});
	});

	it('command line: disables, enables, resets the password and changes the role', async () => {
		const limiter = new LoginRateLimiter();
		const user = await newUser('inspector');
		const signIn = (pw: string) => logIn(ctx.db, { username: user.username, password: pw }, { address: '198.51.100.3', limiter });

		expect((await cli(ctx, ['disable-user', '--username', user.username])).code).toBe(0);
		expect(await signIn(password)).toMatchObject({ ok: false, status: 403 });
		expect((await cli(ctx, ['enable-user', '--username', user.username])).code).toBe(0);
		expect(await signIn(password)).toMatchObject({ ok: true });

		expect(await cli(ctx, ['reset-password', '--username', user.username, '--password-stdin'], 'mat-khau-moi-cap-lai')).toMatchObject({
			code: 0
		});
		expect(await signIn(password)).toMatchObject({ ok: false, status: 401 });
		expect(await signIn('mat-khau-moi-cap-lai')).toMatchObject({ ok: true, user: { mustChangePassword: true } });

		expect((await cli(ctx, ['set-role', '--username', user.username, '--role', 'ward'])).code).toBe(1);
		expect((await cli(ctx, ['set-role', '--username', user.username, '--role', 'ward', '--unit', '82'])).code).toBe(0);
		expect(await users.findByUsername(ctx.db, user.username)).toMatchObject({ role: 'ward', province_code: 1, unit_code: 82 });
		expect((await cli(ctx, ['set-role', '--username', user.username, '--role', 'supervisor'])).code).toBe(0);
		expect(await users.findByUsername(ctx.db, user.username)).toMatchObject({ role: 'supervisor', province_code: 1, unit_code: null });
		expect((await cli(ctx, ['disable-user', '--username', 'khong-ton-tai'])).code).toBe(1);
	});

	it('command line: verify-audit exits 0 on an intact chain and 1 naming the edited entry', async () => {
		await newUser('inspector');
		const intact = await cli(ctx, ['verify-audit']);
		expect(intact.code).toBe(0);

		const last = await ctx.db.selectFrom('audit_log').select(['seq', 'detail']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
		await ctx.db.updateTable('audit_log').set({ detail: '{"forged":true}' }).where('seq', '=', last.seq).execute();
		const broken = await cli(ctx, ['verify-audit']);
		expect(broken).toMatchObject({ code: 1, err: expect.stringContaining(`số ${last.seq}`) });

		await ctx.db.updateTable('audit_log').set({ detail: last.detail }).where('seq', '=', last.seq).execute();
		expect((await cli(ctx, ['verify-audit'])).code).toBe(0);
	});

	describe('demo seed', () => {
		const seedCtx = useSyncContext(kind);

		it('creates one account per role on an empty database, once', async () => {
			const seeded = await seedDemoIfEmpty(seedCtx.db);
			expect(seeded?.accounts.map((a) => a.role).sort()).toEqual(['admin', 'inspector', 'inspector', 'supervisor', 'ward', 'ward']);
			expect(await seedDemoIfEmpty(seedCtx.db)).toBeNull();
			expect((await cli(seedCtx, ['seed-demo'])).out).toContain('không tạo');
			expect(await users.count(seedCtx.db)).toBe(demoAccounts.length);

			const limiter = new LoginRateLimiter();
			for (const account of demoAccounts) {
				const result = await logIn(seedCtx.db, account, { address: '198.51.100.4', limiter });
				expect(result).toMatchObject({ ok: true, user: { username: account.username, role: account.role, unitCode: account.unitCode } });
			}
			expect(await users.findByUsername(seedCtx.db, 'phuong')).toMatchObject({ unit_code: 70, province_code: 1 });
		});
	});
});
