/**
 * Sign-in over HTTP, through the real route handlers: the cookie's attributes, the error
 * bodies, the rate limit (429 with Retry-After), logout and password change.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loginRateLimiter, SESSION_COOKIE, users, type PublicUser } from '$lib/server/auth';
import { closeDatabase, getDatabase } from '$lib/server/db';
import { POST as login } from '../../src/routes/api/auth/login/+server';
import { POST as logout } from '../../src/routes/api/auth/logout/+server';
import { GET as me } from '../../src/routes/api/auth/me/+server';
import { POST as changePassword } from '../../src/routes/api/auth/password/+server';
import { TestBrowser } from './support/auth-browser';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const password = 'mat-khau-du-dai-1';
const invalidCredentials = { error: { code: 'invalid_credentials', message: 'Wrong username or password' } };
let counter = 0;
const uniqueName = (prefix = 'kiemtra') => `${prefix}.${Date.now().toString(36)}${(counter++).toString(36)}`;

describe.each(testDatabases)('auth endpoints on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, ORIGIN: process.env.ORIGIN };

	beforeAll(() => {
		if (kind.skipReason) return;
		// The routes use the process-wide database, configured from the environment like the server.
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		delete process.env.ORIGIN;
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});
	beforeEach(async () => loginRateLimiter.reset((await getDatabase()).db));

	async function newUser(role: PublicUser['role'] = 'inspector'): Promise<PublicUser> {
		const { db } = await getDatabase();
		const unitCode = role === 'ward' ? 70 : null;
		return users.create(db, { username: uniqueName(role), displayName: 'Phạm Thị Dung', role, provinceCode: 1, unitCode, password }, null);
	}

	const signIn = (browser: TestBrowser, username: string, pw = password) =>
		browser.post(login, '/api/auth/login', { username, password: pw });

	it('signs in with an HttpOnly, SameSite=Lax cookie and answers who is signed in', async () => {
		const user = await newUser('ward');
		const browser = new TestBrowser();

		const response = await signIn(browser, user.username);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const body = await response.json();
		expect(body).toEqual({
			user: {
				id: user.id,
				username: user.username,
				displayName: 'Phạm Thị Dung',
				role: 'ward',
				provinceCode: 1,
				unitCode: 70,
				mustChangePassword: false
			}
		});
		expect(browser.writes).toEqual([
			{
				name: SESSION_COOKIE,
				value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
				deleted: false,
				options: { path: '/', httpOnly: true, sameSite: 'lax', secure: false, maxAge: expect.any(Number) }
			}
		]);
		expect(browser.writes[0]!.options.maxAge).toBeGreaterThan(29 * 24 * 3600);

		const who = await browser.send(me, '/api/auth/me');
		expect(who.status).toBe(200);
		expect(await who.json()).toEqual(body);
	});

	it('marks the cookie Secure when the site is served over HTTPS', async () => {
		const user = await newUser();
		const browser = new TestBrowser('https://kiemtra.example.vn');
		expect((await signIn(browser, user.username)).status).toBe(200);
		expect(browser.writes[0]!.options).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax' });

		process.env.ORIGIN = 'https://kiemtra.example.vn';
		try {
			// Behind a TLS proxy the request itself arrives over plain HTTP.
			const proxied = new TestBrowser('http://127.0.0.1:3000');
			expect((await signIn(proxied, user.username)).status).toBe(200);
			expect(proxied.writes[0]!.options).toMatchObject({ secure: true });
		} finally {
			delete process.env.ORIGIN;
		}
	});

	it('answers a malformed body with 400 and the field at fault', async () => {
		const browser = new TestBrowser();
		const notJson = await browser.send(login, '/api/auth/login', { body: '{oops' });
		expect(notJson.status).toBe(400);
		expect(await notJson.json()).toMatchObject({ error: { code: 'invalid_json' } });

		const noPassword = await browser.post(login, '/api/auth/login', { username: 'kiemtra' });
		expect(noPassword.status).toBe(400);
		expect(await noPassword.json()).toEqual({ error: { code: 'invalid_request', field: 'password', message: expect.any(String) } });
		const emptyPassword = await browser.post(login, '/api/auth/login', { username: 'kiemtra', password: '' });
		expect(await emptyPassword.json()).toEqual({ error: { code: 'invalid_request', field: 'password', message: 'password_required' } });
		expect(browser.writes).toEqual([]);
	});

	it('answers a wrong password and an unknown user alike, and a disabled account with 403', async () => {
		const user = await newUser();
		const browser = new TestBrowser();

		const wrong = await signIn(browser, user.username, 'khong-phai-mat-khau');
		const unknown = await signIn(browser, uniqueName('khong-co'));
		expect([wrong.status, unknown.status]).toEqual([401, 401]);
		expect(await wrong.json()).toEqual(invalidCredentials);
		expect(await unknown.json()).toEqual(invalidCredentials);
		expect(browser.jar.size).toBe(0);

		const { db } = await getDatabase();
		await users.setDisabled(db, user.username, true, null);
		const disabled = await signIn(browser, user.username);
		expect(disabled.status).toBe(403);
		expect(await disabled.json()).toMatchObject({ error: { code: 'account_disabled', message: expect.stringMatching(/disabled/) } });
		// Without the password nobody learns that the account is disabled.
		expect((await signIn(browser, user.username, 'khong-phai-mat-khau')).status).toBe(401);
	});

	it('signs out: the session ends, the cookie is cleared, and /me says 401', async () => {
		const user = await newUser();
		const browser = new TestBrowser();
		await signIn(browser, user.username);
		const stolen = new TestBrowser();
		stolen.jar.set(SESSION_COOKIE, browser.jar.get(SESSION_COOKIE)!);

		const out = await browser.post(logout, '/api/auth/logout');
		expect(out.status).toBe(200);
		expect(browser.writes).toEqual([
			{ name: SESSION_COOKIE, value: '', deleted: true, options: expect.objectContaining({ path: '/', httpOnly: true }) }
		]);
		expect(browser.jar.size).toBe(0);

		const after = await stolen.send(me, '/api/auth/me');
		expect(after.status).toBe(401);
		expect(await after.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
		// Signing out again, or with no cookie at all, is harmless.
		expect((await stolen.post(logout, '/api/auth/logout')).status).toBe(200);
	});

	it('refuses with 429 after 5 failures for one account from one address, and a success starts the count afresh', async () => {
		const user = await newUser();
		const other = await newUser();
		const browser = new TestBrowser();

		for (let i = 0; i < 4; i++) expect((await signIn(browser, user.username, 'sai-mat-khau-roi')).status).toBe(401);
		expect((await signIn(browser, user.username)).status).toBe(200);
		for (let i = 0; i < 5; i++) expect((await signIn(browser, user.username, 'sai-mat-khau-roi')).status).toBe(401);

		const limited = await signIn(browser, user.username);
		expect(limited.status).toBe(429);
		const retryAfter = Number(limited.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(15 * 60);
		expect(await limited.json()).toEqual({
			error: { code: 'rate_limited', message: expect.stringMatching(/try again in \d+ (seconds?|minutes?)$/) }
		});
		// Case does not open a second counter.
		expect((await signIn(browser, user.username.toUpperCase())).status).toBe(429);
		// Other accounts from the same address are not held up by this one.
		expect((await signIn(browser, other.username)).status).toBe(200);
	});

	it('refuses with 429 after 20 failures from one address, whatever the accounts', async () => {
		const user = await newUser();
		const attacker = new TestBrowser('http://localhost', '198.51.100.66');
		for (let i = 0; i < 20; i++) expect((await signIn(attacker, uniqueName('doan'), 'sai-mat-khau-roi')).status).toBe(401);

		const limited = await signIn(attacker, user.username);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await signIn(new TestBrowser('http://localhost', '198.51.100.67'), user.username)).status).toBe(200);
	});

	it('changes the password: this browser stays signed in, every other session ends', async () => {
		const user = await newUser();
		const phone = new TestBrowser();
		const laptop = new TestBrowser();
		await signIn(phone, user.username);
		await signIn(laptop, user.username);
		const oldPhoneToken = phone.jar.get(SESSION_COOKIE);

		const wrong = await phone.post(changePassword, '/api/auth/password', {
			currentPassword: 'khong-dung-roi',
			newPassword: 'mat-khau-moi-2025'
		});
		expect(wrong.status).toBe(400);
		expect(await wrong.json()).toMatchObject({ error: { code: 'wrong_password', field: 'currentPassword' } });
		const short = await phone.post(changePassword, '/api/auth/password', { currentPassword: password, newPassword: 'ngan' });
		expect(short.status).toBe(400);
		expect(await short.json()).toMatchObject({
			error: { code: 'invalid_request', field: 'newPassword', message: 'password_too_short' }
		});
		const same = await phone.post(changePassword, '/api/auth/password', { currentPassword: password, newPassword: password });
		expect(same.status).toBe(400);
		expect(await same.json()).toMatchObject({ error: { code: 'same_password', field: 'newPassword' } });

		const changed = await phone.post(changePassword, '/api/auth/password', { currentPassword: password, newPassword: 'mat-khau-moi-2025' });
		expect(changed.status).toBe(200);
		expect(phone.jar.get(SESSION_COOKIE)).not.toBe(oldPhoneToken);
		expect((await phone.send(me, '/api/auth/me')).status).toBe(200);
		expect((await laptop.send(me, '/api/auth/me')).status).toBe(401);

		expect((await signIn(new TestBrowser(), user.username)).status).toBe(401);
		expect((await signIn(new TestBrowser(), user.username, 'mat-khau-moi-2025')).status).toBe(200);
		expect(
			(await new TestBrowser().post(changePassword, '/api/auth/password', { currentPassword: 'x', newPassword: 'mat-khau-moi-2026' }))
				.status
		).toBe(401);
	});
});
