/**
 * The admin API through its real route handlers, on both databases: who may call it, the
 * province boundary, account changes taking effect at sign-in, active communes, and the audit
 * trail they all write.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loginRateLimiter, users, type PublicUser, type SignedInUser } from '$lib/server/auth';
import { closeDatabase, getDatabase } from '$lib/server/db';
import { GET as listAudit } from '../../src/routes/api/admin/audit/+server';
import { GET as verifyAudit } from '../../src/routes/api/admin/audit/verify/+server';
import { PUT as putUnit } from '../../src/routes/api/admin/units/[code]/+server';
import { GET as listUnits } from '../../src/routes/api/admin/units/+server';
import { POST as resetPassword } from '../../src/routes/api/admin/users/[id]/password/+server';
import { PATCH as patchUser } from '../../src/routes/api/admin/users/[id]/+server';
import { GET as listUsers, POST as createUser } from '../../src/routes/api/admin/users/+server';
import { POST as login } from '../../src/routes/api/auth/login/+server';
import { GET as me } from '../../src/routes/api/auth/me/+server';
import { TestBrowser } from './support/auth-browser';
import { callRoute, type Handler, type RouteCall } from './support/route-calls';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const password = 'mat-khau-du-dai-1';
const HA_NOI = 1;
const HO_CHI_MINH = 79;
/** Phường Hoàn Kiếm (Hà Nội), Phường Thủ Dầu Một and Phường Phú Lợi (Hồ Chí Minh) in the 2025 list. */
const HOAN_KIEM = 70;
const THU_DAU_MOT = 25747;
const PHU_LOI = 25750;

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}.${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A request as hooks.server.ts hands it to a route: `locals.actor` is whoever is signed in. */
const call = callRoute;

const actorOf = (u: PublicUser): SignedInUser => ({
	userId: u.id,
	role: u.role,
	provinceCode: u.provinceCode,
	unitCode: u.unitCode,
	username: u.username,
	displayName: u.displayName,
	mustChangePassword: u.mustChangePassword
});

describe.each(testDatabases)('admin API on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let hanoiAdmin: SignedInUser;
	let nationalAdmin: SignedInUser;
	let hcmAdmin: SignedInUser;

	async function newUser(role: PublicUser['role'], provinceCode: number | null = HA_NOI, unitCode: number | null = null) {
		const { db } = await getDatabase();
		return users.create(db, { username: uniqueName(role), displayName: 'Phạm Thị Dung', role, provinceCode, unitCode, password }, null);
	}

	async function auditHead(): Promise<number> {
		const { db } = await getDatabase();
		return Number((await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
	}

	const signIn = (browser: TestBrowser, username: string, pw = password) =>
		browser.post(login, '/api/auth/login', { username, password: pw });

	beforeAll(async () => {
		if (kind.skipReason) return;
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		hanoiAdmin = actorOf(await newUser('admin', HA_NOI));
		hcmAdmin = actorOf(await newUser('admin', HO_CHI_MINH));
		nationalAdmin = actorOf(await newUser('admin', null));
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});
	beforeEach(async () => loginRateLimiter.reset((await getDatabase()).db));

	it('creates an account the person can then sign in with, and must change the password', async () => {
		const username = uniqueName('kiemtra');
		const created = await call(createUser, {
			as: hanoiAdmin,
			path: '/api/admin/users',
			json: { username, displayName: 'Nguyễn Văn Bình', role: 'inspector', provinceCode: HA_NOI, unitCode: null, password }
		});
		expect(created.status).toBe(201);
		expect(created.body.user).toMatchObject({
			username,
			role: 'inspector',
			provinceCode: HA_NOI,
			unitCode: null,
			disabled: false,
			mustChangePassword: true
		});

		const signedIn = await signIn(new TestBrowser(), username);
		expect(signedIn.status).toBe(200);
		expect((await signedIn.json()).user).toMatchObject({ username, mustChangePassword: true });

		const listed = await call(listUsers, { as: hanoiAdmin, path: '/api/admin/users' });
		expect(listed.body.users).toContainEqual(expect.objectContaining({ id: created.body.user.id, displayName: 'Nguyễn Văn Bình' }));

		const again = await call(createUser, {
			as: hanoiAdmin,
			path: '/api/admin/users',
			json: { username, displayName: 'Người khác', role: 'inspector', password }
		});
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({ error: { code: 'username_taken', field: 'username' } });
	});

	it('answers a malformed body with 400, the field at fault and the validation code, and writes nothing', async () => {
		const target = await newUser('inspector');
		const before = await auditHead();
		const short = await call(createUser, {
			as: hanoiAdmin,
			path: '/api/admin/users',
			json: { username: uniqueName('ngan'), displayName: 'A', role: 'inspector', password: 'ngan' }
		});
		expect(short).toEqual({
			status: 400,
			body: { error: { code: 'invalid_request', field: 'password', message: 'password_too_short' } }
		});

		const wardWithoutCommune = await call(createUser, {
			as: hanoiAdmin,
			path: '/api/admin/users',
			json: { username: uniqueName('phuong'), displayName: 'UBND', role: 'ward', password }
		});
		expect(wardWithoutCommune.status).toBe(400);
		expect(wardWithoutCommune.body.error).toEqual({ code: 'invalid_request', field: 'unitCode', message: 'ward_needs_commune' });

		const unknownField = await call(patchUser, {
			as: hanoiAdmin,
			method: 'PATCH',
			path: `/api/admin/users/${target.id}`,
			params: { id: target.id },
			json: { password }
		});
		expect(unknownField.status).toBe(400);
		const wrongType = await call(patchUser, {
			as: hanoiAdmin,
			method: 'PATCH',
			path: `/api/admin/users/${target.id}`,
			params: { id: target.id },
			json: { disabled: 'yes' }
		});
		expect(wrongType.body.error).toMatchObject({ code: 'invalid_request', field: 'disabled' });
		expect(await auditHead()).toBe(before);
	});

	it('refuses every admin endpoint with 401 when signed out and 403 for other roles', async () => {
		const target = await newUser('inspector');
		const endpoints: [Handler, Omit<RouteCall, 'as'>][] = [
			[listUsers, { path: '/api/admin/users' }],
			[
				createUser,
				{
					path: '/api/admin/users',
					json: { username: uniqueName('x'), displayName: 'X', role: 'inspector', provinceCode: HA_NOI, password }
				}
			],
			[patchUser, { method: 'PATCH', path: `/api/admin/users/${target.id}`, params: { id: target.id }, json: { disabled: true } }],
			[
				resetPassword,
				{ path: `/api/admin/users/${target.id}/password`, params: { id: target.id }, json: { password: 'mat-khau-moi-2025' } }
			],
			[listUnits, { path: '/api/admin/units?province=1' }],
			[putUnit, { method: 'PUT', path: `/api/admin/units/${HOAN_KIEM}`, params: { code: String(HOAN_KIEM) }, json: { active: true } }],
			[listAudit, { path: '/api/admin/audit' }],
			[verifyAudit, { path: '/api/admin/audit/verify' }]
		];
		const others = [
			actorOf(await newUser('supervisor')),
			actorOf(await newUser('inspector')),
			actorOf(await newUser('ward', HA_NOI, HOAN_KIEM))
		];
		const before = await auditHead();
		for (const [handler, request] of endpoints) {
			const anonymous = await call(handler, { ...request, as: null });
			expect(anonymous.status, request.path).toBe(401);
			expect(anonymous.body.error.code).toBe('not_signed_in');
			for (const actor of others) {
				const refused = await call(handler, { ...request, as: actor });
				expect(refused.status, `${actor.role} ${request.path}`).toBe(403);
				expect(refused.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/role may not/) });
			}
		}
		expect(await auditHead()).toBe(before);
		expect((await signIn(new TestBrowser(), target.username)).status).toBe(200);
	});

	it("keeps a province-bound admin to its own province's accounts", async () => {
		const hcmUser = await newUser('inspector', HO_CHI_MINH);
		const hanoiUser = await newUser('inspector', HA_NOI);
		const before = await auditHead();

		const hanoiList = (await call(listUsers, { as: hanoiAdmin, path: '/api/admin/users' })).body.users as PublicUser[];
		expect(hanoiList.map((u) => u.id)).toContain(hanoiUser.id);
		expect(hanoiList.map((u) => u.id)).not.toContain(hcmUser.id);
		expect(hanoiList.every((u) => u.provinceCode === HA_NOI)).toBe(true);

		const patch = await call(patchUser, {
			as: hanoiAdmin,
			method: 'PATCH',
			path: `/api/admin/users/${hcmUser.id}`,
			params: { id: hcmUser.id },
			json: { disabled: true }
		});
		expect(patch.status).toBe(403);
		expect(patch.body.error).toMatchObject({ code: 'outside_own_province', message: expect.stringMatching(/own province/) });
		const reset = await call(resetPassword, {
			as: hanoiAdmin,
			path: `/api/admin/users/${hcmUser.id}/password`,
			params: { id: hcmUser.id },
			json: { password: 'mat-khau-moi-2025' }
		});
		expect(reset.status).toBe(403);
		const moveOut = await call(patchUser, {
			as: hanoiAdmin,
			method: 'PATCH',
			path: `/api/admin/users/${hanoiUser.id}`,
			params: { id: hanoiUser.id },
			json: { provinceCode: HO_CHI_MINH }
		});
		expect(moveOut.status).toBe(403);
		const createThere = await call(createUser, {
			as: hanoiAdmin,
			path: '/api/admin/users',
			json: { username: uniqueName('hcm'), displayName: 'HCM', role: 'inspector', provinceCode: HO_CHI_MINH, password }
		});
		expect(createThere.status).toBe(403);
		const national = await call(createUser, {
			as: hanoiAdmin,
			path: '/api/admin/users',
			json: { username: uniqueName('qt'), displayName: 'QT', role: 'admin', provinceCode: null, password }
		});
		expect(national.status).toBe(403);
		expect(await auditHead()).toBe(before);
		expect((await signIn(new TestBrowser(), hcmUser.username)).status).toBe(200);

		// The national admin sees and manages both provinces.
		const all = (await call(listUsers, { as: nationalAdmin, path: '/api/admin/users' })).body.users as PublicUser[];
		expect(all.map((u) => u.id)).toEqual(expect.arrayContaining([hcmUser.id, hanoiUser.id]));
		const byNational = await call(patchUser, {
			as: nationalAdmin,
			method: 'PATCH',
			path: `/api/admin/users/${hcmUser.id}`,
			params: { id: hcmUser.id },
			json: { displayName: 'Võ Thị Sáu' }
		});
		expect(byNational.status).toBe(200);
		expect(byNational.body.user.displayName).toBe('Võ Thị Sáu');
	});

	it('disabling ends the sessions at once, and enabling lets the person back in', async () => {
		const user = await newUser('inspector');
		const browser = new TestBrowser();
		expect((await signIn(browser, user.username)).status).toBe(200);
		expect((await browser.send(me, '/api/auth/me')).status).toBe(200);

		const request = { as: hanoiAdmin, method: 'PATCH', path: `/api/admin/users/${user.id}`, params: { id: user.id } };
		const disabled = await call(patchUser, { ...request, json: { disabled: true } });
		expect(disabled.status).toBe(200);
		expect(disabled.body.user).toMatchObject({ id: user.id, disabled: true });
		expect((await browser.send(me, '/api/auth/me')).status).toBe(401);
		expect((await signIn(new TestBrowser(), user.username)).status).toBe(403);

		// Asking again changes nothing and audits nothing.
		const head = await auditHead();
		expect((await call(patchUser, { ...request, json: { disabled: true } })).status).toBe(200);
		expect(await auditHead()).toBe(head);

		expect((await call(patchUser, { ...request, json: { disabled: false } })).body.user.disabled).toBe(false);
		expect((await signIn(new TestBrowser(), user.username)).status).toBe(200);
	});

	it('resets a password: old sessions and the old password stop working, the new one must be changed', async () => {
		const user = await newUser('supervisor');
		const browser = new TestBrowser();
		await signIn(browser, user.username);
		const path = `/api/admin/users/${user.id}/password`;

		const tooShort = await call(resetPassword, { as: hanoiAdmin, path, params: { id: user.id }, json: { password: 'ngan' } });
		expect(tooShort.body).toEqual({ error: { code: 'invalid_request', field: 'password', message: 'password_too_short' } });

		const reset = await call(resetPassword, { as: hanoiAdmin, path, params: { id: user.id }, json: { password: 'mat-khau-tam-2025' } });
		expect(reset).toEqual({ status: 200, body: { ok: true } });
		expect((await browser.send(me, '/api/auth/me')).status).toBe(401);
		expect((await signIn(new TestBrowser(), user.username)).status).toBe(401);
		const fresh = await signIn(new TestBrowser(), user.username, 'mat-khau-tam-2025');
		expect(fresh.status).toBe(200);
		expect((await fresh.json()).user.mustChangePassword).toBe(true);

		const own = await call(resetPassword, {
			as: hanoiAdmin,
			path: `/api/admin/users/${hanoiAdmin.userId}/password`,
			params: { id: hanoiAdmin.userId },
			json: { password: 'mat-khau-moi-2025' }
		});
		expect(own.status).toBe(409);
		expect(own.body.error.code).toBe('own_password');
		const missing = await call(resetPassword, {
			as: hanoiAdmin,
			path: '/api/admin/users/khong-co/password',
			params: { id: 'khong-co' },
			json: { password: 'mat-khau-moi-2025' }
		});
		expect(missing.status).toBe(404);
	});

	it('changes role and commune within the province, and refuses a commune elsewhere', async () => {
		const user = await newUser('inspector');
		const request = { as: hanoiAdmin, method: 'PATCH', path: `/api/admin/users/${user.id}`, params: { id: user.id } };

		const noCommune = await call(patchUser, { ...request, json: { role: 'ward' } });
		expect(noCommune.status).toBe(400);
		expect(noCommune.body.error).toMatchObject({ code: 'invalid_request', field: 'unitCode', message: 'ward_needs_commune' });
		const elsewhere = await call(patchUser, { ...request, json: { role: 'ward', unitCode: THU_DAU_MOT } });
		expect(elsewhere.status).toBe(400);
		expect(elsewhere.body.error).toMatchObject({
			code: 'commune_not_in_province',
			field: 'unitCode',
			message: expect.stringMatching(/Thành phố Hà Nội/)
		});

		const ward = await call(patchUser, { ...request, json: { role: 'ward', unitCode: HOAN_KIEM, displayName: 'UBND Phường Hoàn Kiếm' } });
		expect(ward.status).toBe(200);
		expect(ward.body.user).toMatchObject({ role: 'ward', provinceCode: HA_NOI, unitCode: HOAN_KIEM, displayName: 'UBND Phường Hoàn Kiếm' });
		const back = await call(patchUser, { ...request, json: { role: 'inspector' } });
		expect(back.body.user).toMatchObject({ role: 'inspector', unitCode: null });

		const selfDemote = await call(patchUser, {
			as: hanoiAdmin,
			method: 'PATCH',
			path: `/api/admin/users/${hanoiAdmin.userId}`,
			params: { id: hanoiAdmin.userId },
			json: { role: 'inspector' }
		});
		expect(selfDemote.status).toBe(409);
		expect(selfDemote.body.error.code).toBe('own_account');
	});

	it('activates and deactivates a commune of the province, and the list shows it', async () => {
		const { db } = await getDatabase();
		const listed = await call(listUnits, { as: hanoiAdmin, path: '/api/admin/units' });
		expect(listed.status).toBe(200);
		expect(listed.body).toMatchObject({ province: { code: HA_NOI, name: 'Thành phố Hà Nội' }, total: 126, activeCount: 0 });
		expect(listed.body.units).toContainEqual(expect.objectContaining({ code: HOAN_KIEM, name: 'Phường Hoàn Kiếm', active: false }));

		const request = { as: hanoiAdmin, method: 'PUT', path: `/api/admin/units/${HOAN_KIEM}`, params: { code: String(HOAN_KIEM) } };
		const on = await call(putUnit, { ...request, json: { active: true } });
		expect(on.status).toBe(200);
		expect(on.body.unit).toMatchObject({ code: HOAN_KIEM, provinceCode: HA_NOI, active: true, activatedBy: hanoiAdmin.userId });
		const head = await auditHead();
		expect((await call(putUnit, { ...request, json: { active: true } })).body.unit.active).toBe(true);
		expect(await auditHead()).toBe(head);

		const after = await call(listUnits, { as: nationalAdmin, path: `/api/admin/units?province=${HA_NOI}` });
		expect(after.body.activeCount).toBe(1);
		expect(after.body.units.find((u: { code: number }) => u.code === HOAN_KIEM)).toMatchObject({ active: true });
		const stored = db.withTables<{ active_units: { unit_code: number; province_code: number } }>();
		expect(
			await stored.selectFrom('active_units').select(['unit_code', 'province_code']).where('unit_code', '=', HOAN_KIEM).execute()
		).toEqual([{ unit_code: HOAN_KIEM, province_code: HA_NOI }]);

		const off = await call(putUnit, { ...request, json: { active: false } });
		expect(off.body.unit).toMatchObject({ active: false, activatedAt: null });
		expect((await call(listUnits, { as: hanoiAdmin, path: '/api/admin/units' })).body.activeCount).toBe(0);
	});

	it('refuses a commune of another province, unknown codes and malformed requests', async () => {
		const before = await auditHead();
		const put = (as: SignedInUser, code: string, json: unknown) =>
			call(putUnit, { as, method: 'PUT', path: `/api/admin/units/${code}`, params: { code }, json });

		const other = await put(hanoiAdmin, String(THU_DAU_MOT), { active: true });
		expect(other.status).toBe(403);
		expect(other.body.error).toMatchObject({ code: 'outside_own_province', field: 'code', message: expect.stringMatching(/own province/) });
		expect((await call(listUnits, { as: hanoiAdmin, path: `/api/admin/units?province=${HO_CHI_MINH}` })).status).toBe(403);
		expect((await put(hanoiAdmin, '999999', { active: true })).body.error).toMatchObject({ code: 'unit_not_found', field: 'code' });
		expect((await put(hanoiAdmin, 'abc', { active: true })).body.error).toEqual({
			code: 'invalid_request',
			field: 'code',
			message: 'unit_code_not_number'
		});
		const badBody = await put(hanoiAdmin, String(HOAN_KIEM), { active: 'yes' });
		expect(badBody.body.error).toEqual({ code: 'invalid_request', field: 'active', message: 'active_required' });
		const nationalWithout = await call(listUnits, { as: nationalAdmin, path: '/api/admin/units' });
		expect(nationalWithout.body.error).toMatchObject({ code: 'province_required', field: 'province' });
		expect(await auditHead()).toBe(before);

		// Its own admin may.
		expect((await put(hcmAdmin, String(THU_DAU_MOT), { active: true })).body.unit.active).toBe(true);
	});

	it('lists the audit trail newest first in pages, only the own province for a bound admin, and verifies the chain', async () => {
		// One of each admin change, in Hà Nội and in Hồ Chí Minh.
		const created = await call(createUser, {
			as: hanoiAdmin,
			path: '/api/admin/users',
			json: { username: uniqueName('nhatky'), displayName: 'Đỗ Văn Nhật', role: 'inspector', provinceCode: HA_NOI, password }
		});
		const id: string = created.body.user.id;
		const patch = (json: unknown) =>
			call(patchUser, { as: hanoiAdmin, method: 'PATCH', path: `/api/admin/users/${id}`, params: { id }, json });
		await patch({ disabled: true });
		await patch({ disabled: false });
		await patch({ role: 'supervisor', displayName: 'Đỗ Văn Ký' });
		await call(resetPassword, {
			as: hanoiAdmin,
			path: `/api/admin/users/${id}/password`,
			params: { id },
			json: { password: 'mat-khau-tam-2025' }
		});
		const unit = (as: SignedInUser, code: number, active: boolean) =>
			call(putUnit, { as, method: 'PUT', path: `/api/admin/units/${code}`, params: { code: String(code) }, json: { active } });
		await unit(hanoiAdmin, HOAN_KIEM, true);
		await unit(hanoiAdmin, HOAN_KIEM, false);
		await unit(hcmAdmin, PHU_LOI, true);
		await unit(hcmAdmin, PHU_LOI, false);

		const first = await call(listAudit, { as: nationalAdmin, path: '/api/admin/audit?limit=5' });
		expect(first.status).toBe(200);
		const seqs = first.body.entries.map((e: { seq: number }) => e.seq);
		expect(seqs).toHaveLength(5);
		expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
		expect(seqs[0]).toBe(await auditHead());
		expect(first.body.nextBefore).toBe(seqs[4]);
		const second = await call(listAudit, { as: nationalAdmin, path: `/api/admin/audit?limit=5&before=${first.body.nextBefore}` });
		expect(second.body.entries[0].seq).toBe(seqs[4] - 1);

		const everything = await call(listAudit, { as: nationalAdmin, path: '/api/admin/audit?limit=200' });
		const actions = new Set(everything.body.entries.map((e: { action: string }) => e.action));
		for (const action of [
			'user_created',
			'user_disabled',
			'user_enabled',
			'password_reset',
			'role_changed',
			'display_name_changed',
			'unit_activated',
			'unit_deactivated'
		]) {
			expect(actions, action).toContain(action);
		}
		const activation = everything.body.entries.find((e: { action: string }) => e.action === 'unit_activated');
		expect(activation).toMatchObject({
			actor: { id: expect.any(String), username: expect.any(String) },
			detail: { unitCode: expect.any(Number) }
		});

		const hanoi = await call(listAudit, { as: hanoiAdmin, path: '/api/admin/audit?limit=200' });
		expect(hanoi.body.entries.length).toBeGreaterThan(0);
		expect(hanoi.body.entries.length).toBeLessThan(everything.body.entries.length);
		const mentionsHcm = (e: { detail: { provinceCode?: number } }) => e.detail.provinceCode === HO_CHI_MINH;
		expect(everything.body.entries.some(mentionsHcm)).toBe(true);
		expect(hanoi.body.entries.some(mentionsHcm)).toBe(false);

		expect((await call(listAudit, { as: nationalAdmin, path: '/api/admin/audit?limit=0' })).body.error).toMatchObject({ field: 'limit' });
		expect((await call(listAudit, { as: nationalAdmin, path: '/api/admin/audit?before=abc' })).body.error).toMatchObject({
			field: 'before'
		});

		const verified = await call(verifyAudit, { as: hanoiAdmin, path: '/api/admin/audit/verify' });
		// The check is itself recorded after it ran: it covered every entry before its own.
		expect(verified).toEqual({ status: 200, body: { ok: true, checked: (await auditHead()) - 1 } });
	});
});
