/**
 * The unit model of 2025 (issue 15, must-show 7; docs/units.md) on both databases: migration 014,
 * a province admin's branches and reception points through the real route handlers, the
 * directory the inspector's device keeps, and the push rules for an inspection's unit and
 * reception point (exists, open, the unit's own), with the field at fault.
 */
import { describe, expect, it } from 'vitest';
import { users, type SignedInUser } from '$lib/server/auth';
import { uuidv7 } from '$lib/domain/ids';
import type { MutationArgs } from '$lib/domain/protocol';
import { plans } from '$lib/server/plans';
import type { CentreUnit, ReceptionPoint, UnitDirectory } from '$lib/domain/units-2025';
import { PATCH as patchBranch } from '../../src/routes/api/admin/branches/[code]/+server';
import { POST as postBranch } from '../../src/routes/api/admin/branches/+server';
import { PATCH as patchPoint } from '../../src/routes/api/admin/reception-points/[id]/+server';
import { POST as postPoint } from '../../src/routes/api/admin/reception-points/+server';
import { GET as getDirectory } from '../../src/routes/api/units/directory/+server';
import { requestEvent } from './support/auth-browser';
import { createCaller } from './support/callers';
import { inspectionArgs } from './support/factories';
import { useServerDatabase, useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const hoanKiem = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: HA_NOI, provinceName: 'Thành phố Hà Nội' };
const baDinh = { code: 4, name: 'Phường Ba Đình', provinceCode: HA_NOI, provinceName: 'Thành phố Hà Nội' };

type Handler = (event: never) => Response | Promise<Response>;

async function call(handler: Handler, as: SignedInUser, path: string, init: { method?: string; json?: unknown; params?: object } = {}) {
	const request = new Request(`http://localhost${path}`, {
		method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
		...(init.json === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) })
	});
	const { event } = requestEvent(request);
	const response = await handler({ ...event, params: init.params ?? {}, locals: { actor: as } } as never);
	return { status: response.status, body: await response.json() };
}

describe.each(testDatabases)('the 2025 unit model on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	const people = async () => ({
		admin: (await createCaller(ctx.db, 'admin', { provinceCode: HA_NOI })).user,
		hcmAdmin: (await createCaller(ctx.db, 'admin', { provinceCode: 79 })).user,
		inspector: (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI })).user,
		hcmInspector: (await createCaller(ctx.db, 'inspector', { provinceCode: 79 })).user,
		ward: (await createCaller(ctx.db, 'ward', { provinceCode: HA_NOI, unitCode: hoanKiem.code })).user
	});

	const addBranch = async (as: SignedInUser, name: string) =>
		call(postBranch, as, '/api/admin/branches', { json: { provinceCode: HA_NOI, name } });
	const addPoint = async (as: SignedInUser, unitCode: number, name: string) =>
		call(postPoint, as, '/api/admin/reception-points', { json: { unitCode, name, address: '12 Lê Lai' } });
	const setPoint = (as: SignedInUser, id: string, json: object) =>
		call(patchPoint, as, `/api/admin/reception-points/${id}`, { method: 'PATCH', json, params: { id } });
	const setBranch = (as: SignedInUser, code: number, json: object) =>
		call(patchBranch, as, `/api/admin/branches/${code}`, { method: 'PATCH', json, params: { code: String(code) } });

	async function pushOne(client: TestClient, mutation: ReturnType<TestClient['mutation']>) {
		return (await ctx.push(client, [mutation])).results[0]!;
	}
	const inspectorClient = () => ctx.newClient(ctx.newActor('inspector', { provinceCode: HA_NOI }));
	const storedDoc = async (id: string) => {
		const row = await ctx.db.selectFrom('inspections').select(['data', 'unit_code']).where('id', '=', id).executeTakeFirst();
		return row && { unitCode: Number(row.unit_code), doc: JSON.parse(row.data) as MutationArgs<'createInspection'> };
	};

	it('migration 014 creates the branch and reception point tables, one name per unit', async () => {
		const names = (await ctx.db.introspection.getTables()).map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining(['centre_units', 'reception_points']));
		const { admin } = await people();
		const branch = (await addBranch(admin, 'Chi nhánh kiểm tra tên')).body.unit as CentreUnit;
		expect((await addPoint(admin, branch.code, 'Quầy A')).status).toBe(201);
		const twice = await addPoint(admin, branch.code, 'Quầy A');
		expect(twice).toMatchObject({ status: 409, body: { error: { code: 'already_exists', field: 'name' } } });
		// The same name at another unit is another point.
		expect((await addPoint(admin, hoanKiem.code, 'Quầy A')).status).toBe(201);
	});

	it("lets a province's admin add branches under codes no commune has, and no one else", async () => {
		const { admin, hcmAdmin, inspector } = await people();
		const first = await addBranch(admin, 'Chi nhánh số 1');
		const second = await addBranch(admin, 'Chi nhánh số 2');
		expect(first.status).toBe(201);
		const codes = [first.body.unit.code, second.body.unit.code] as number[];
		expect(codes.every((c) => c > 900_100 && c < 900_200)).toBe(true);
		expect(new Set(codes).size).toBe(2);
		expect(first.body.unit).toMatchObject({ kind: 'branch', provinceCode: HA_NOI, name: 'Chi nhánh số 1', active: true });

		expect(await addBranch(hcmAdmin, 'Chi nhánh lạ')).toMatchObject({ status: 403, body: { error: { code: 'outside_own_province' } } });
		expect((await addBranch(inspector, 'Chi nhánh lạ')).status).toBe(403);
		expect(await addBranch(admin, '  ')).toMatchObject({ status: 400, body: { error: { field: 'name' } } });
		// Communes are not branches: no renaming an official unit here.
		expect(await setBranch(admin, hoanKiem.code, { name: 'Khác' })).toMatchObject({
			status: 404,
			body: { error: { code: 'unit_not_found' } }
		});
	});

	it('serves the directory to the inspectors, supervisors and admins of the province only', async () => {
		const { admin, inspector, hcmInspector, ward } = await people();
		const branch = (await addBranch(admin, 'Chi nhánh Đông Anh')).body.unit as CentreUnit;
		const point = (await addPoint(admin, branch.code, 'Điểm tiếp nhận Đông Anh 2')).body.receptionPoint as ReceptionPoint;

		const seen = await call(getDirectory, inspector, '/api/units/directory');
		expect(seen.status).toBe(200);
		const directory = seen.body as UnitDirectory;
		expect(directory.province).toEqual({ code: HA_NOI, name: 'Thành phố Hà Nội' });
		expect(directory.centres[0]).toEqual({
			code: 900_100,
			kind: 'provincial_centre',
			name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội',
			provinceCode: HA_NOI,
			active: true
		});
		expect(directory.centres).toContainEqual(branch);
		expect(directory.receptionPoints).toContainEqual(point);

		expect((await call(getDirectory, hcmInspector, '/api/units/directory?province=1')).status).toBe(403);
		expect((await call(getDirectory, ward, '/api/units/directory')).status).toBe(403);
	});

	it('takes a visit to a branch at one of its reception points, with the names the server holds', async () => {
		const { admin } = await people();
		const branch = (await addBranch(admin, 'Chi nhánh Sóc Sơn')).body.unit as CentreUnit;
		const point = (await addPoint(admin, branch.code, 'Điểm tiếp nhận số 2')).body.receptionPoint as ReceptionPoint;
		const client = inspectorClient();
		const args = inspectionArgs({
			unit: { code: branch.code, name: 'chi nhanh', provinceCode: HA_NOI, provinceName: 'Hà Nội' },
			receptionPoint: { id: point.id, name: 'diem 2' }
		});
		expect(await pushOne(client, client.mutation('createInspection', args))).toMatchObject({ status: 'applied' });
		const stored = await storedDoc(args.id);
		expect(stored?.unitCode).toBe(branch.code);
		expect(stored?.doc.unit).toEqual({
			code: branch.code,
			name: 'Chi nhánh Sóc Sơn',
			provinceCode: HA_NOI,
			provinceName: 'Thành phố Hà Nội'
		});
		expect(stored?.doc.receptionPoint).toEqual({ id: point.id, name: 'Điểm tiếp nhận số 2' });

		// The pulled record carries the point; the province's supervisor sees it, the commune's ward does not.
		const pulled = await ctx.pullAll(client.actor);
		const row = pulled.changes.find((c) => c.entity === 'inspection' && c.entityId === args.id);
		expect(row?.data).toMatchObject({ receptionPoint: { id: point.id, name: 'Điểm tiếp nhận số 2' } });
		const supervisor = await ctx.pullAll(ctx.newActor('supervisor', { provinceCode: HA_NOI }));
		expect(supervisor.changes.some((c) => c.entityId === args.id)).toBe(true);
		const ward = await ctx.pullAll(ctx.newActor('ward', { provinceCode: HA_NOI, unitCode: hoanKiem.code }));
		expect(ward.changes.some((c) => c.entityId === args.id)).toBe(false);
	});

	it('takes the provincial centre, and a commune without a point as before', async () => {
		const client = inspectorClient();
		const centre = inspectionArgs({ unit: { code: 900_100, name: 'x', provinceCode: HA_NOI, provinceName: 'x' } });
		expect(await pushOne(client, client.mutation('createInspection', centre))).toMatchObject({ status: 'applied' });
		expect((await storedDoc(centre.id))?.doc.unit.name).toBe('Trung tâm Phục vụ hành chính công thành phố Hà Nội');
		const commune = inspectionArgs({ unit: hoanKiem });
		expect(await pushOne(client, client.mutation('createInspection', commune))).toMatchObject({ status: 'applied' });
		expect((await storedDoc(commune.id))?.doc).not.toHaveProperty('receptionPoint');
	});

	it('refuses a unit or reception point that does not exist, is closed, or is not the unit’s, naming the field', async () => {
		const { admin } = await people();
		const branch = (await addBranch(admin, 'Chi nhánh sẽ đóng')).body.unit as CentreUnit;
		const open = (await addPoint(admin, hoanKiem.code, 'Quầy mở')).body.receptionPoint as ReceptionPoint;
		const closed = (await addPoint(admin, hoanKiem.code, 'Quầy đóng')).body.receptionPoint as ReceptionPoint;
		expect(await setPoint(admin, closed.id, { active: false })).toMatchObject({ status: 200, body: { receptionPoint: { active: false } } });
		expect(await setBranch(admin, branch.code, { active: false })).toMatchObject({ status: 200, body: { unit: { active: false } } });
		const ref = (p: ReceptionPoint) => ({ id: p.id, name: p.name });
		const cases = [
			[{ unit: { ...hoanKiem, code: 900_199 } }, 'unknown_unit', 'args.unit.code'],
			[{ unit: { ...hoanKiem, code: 907_900 } }, 'unknown_unit', 'args.unit.provinceCode'],
			[{ unit: { ...hoanKiem, code: branch.code } }, 'unit_inactive', 'args.unit.code'],
			[{ unit: baDinh, receptionPoint: ref(open) }, 'unknown_reception_point', 'args.receptionPoint.id'],
			[
				{ unit: hoanKiem, receptionPoint: { id: '0190f3a0-0000-7000-8000-0000000000d9', name: 'x' } },
				'unknown_reception_point',
				'args.receptionPoint.id'
			],
			[{ unit: hoanKiem, receptionPoint: ref(closed) }, 'reception_point_inactive', 'args.receptionPoint.id']
		] as const;
		const client = inspectorClient();
		for (const [overrides, code, field] of cases) {
			const args = inspectionArgs(overrides);
			expect(await pushOne(client, client.mutation('createInspection', args)), code).toMatchObject({ status: 'rejected', code, field });
			expect(await storedDoc(args.id)).toBeUndefined();
		}
		// Reopened, the same point is taken.
		await setPoint(admin, closed.id, { active: true });
		const args = inspectionArgs({ unit: hoanKiem, receptionPoint: ref(closed) });
		expect(await pushOne(client, client.mutation('createInspection', args))).toMatchObject({ status: 'applied' });
	});

	it('checks a patched point against the unit, and drops the old point when the unit changes', async () => {
		const { admin } = await people();
		const first = (await addPoint(admin, hoanKiem.code, 'Quầy số 1 sửa')).body.receptionPoint as ReceptionPoint;
		const second = (await addPoint(admin, hoanKiem.code, 'Quầy số 2 sửa')).body.receptionPoint as ReceptionPoint;
		const elsewhere = (await addPoint(admin, baDinh.code, 'Quầy Ba Đình')).body.receptionPoint as ReceptionPoint;
		const client = inspectorClient();
		const args = inspectionArgs({ unit: hoanKiem, receptionPoint: { id: first.id, name: first.name } });
		await pushOne(client, client.mutation('createInspection', args));
		const patch = (p: object) => client.mutation('updateInspectionHeader', { inspectionId: args.id, patch: p });

		expect(await pushOne(client, patch({ receptionPoint: { id: elsewhere.id, name: 'x' } }))).toMatchObject({
			status: 'rejected',
			code: 'unknown_reception_point',
			field: 'args.patch.receptionPoint.id'
		});
		expect(await pushOne(client, patch({ receptionPoint: { id: second.id, name: 'x' } }))).toMatchObject({ status: 'applied' });
		expect((await storedDoc(args.id))?.doc.receptionPoint).toEqual({ id: second.id, name: 'Quầy số 2 sửa' });
		expect(await pushOne(client, patch({ unit: baDinh }))).toMatchObject({ status: 'applied' });
		expect((await storedDoc(args.id))?.doc).not.toHaveProperty('receptionPoint');
		expect(await pushOne(client, patch({ unit: hoanKiem, receptionPoint: { id: first.id, name: 'x' } }))).toMatchObject({
			status: 'applied'
		});
		expect((await storedDoc(args.id))?.doc.receptionPoint).toEqual({ id: first.id, name: 'Quầy số 1 sửa' });
	});

	it("binds a unit account to the province's centre or one of its branches, not to another province's or an unknown one", async () => {
		const { admin } = await people();
		const branch = (await addBranch(admin, 'Chi nhánh có tài khoản')).body.unit as CentreUnit;
		const account = (unitCode: number, provinceCode = HA_NOI) =>
			users.create(
				ctx.db,
				{
					username: `tt.${unitCode}.${provinceCode}.${Date.now()}`,
					displayName: 'Trung tâm',
					role: 'ward',
					provinceCode,
					unitCode,
					password: 'mat-khau-du-dai-1'
				},
				null
			);
		expect((await account(900_100)).unitCode).toBe(900_100);
		expect((await account(branch.code)).unitCode).toBe(branch.code);
		await expect(account(900_198)).rejects.toMatchObject({ code: 'commune_not_in_province' });
		await expect(account(branch.code, 79)).rejects.toMatchObject({ code: 'commune_not_in_province' });
		await expect(account(907_900)).rejects.toMatchObject({ code: 'commune_not_in_province' });
	});

	it('plans a visit to a branch, and not to a closed one', async () => {
		const { admin, inspector } = await people();
		const supervisor = ctx.newActor('supervisor', { provinceCode: HA_NOI });
		const branch = (await addBranch(admin, 'Chi nhánh theo kế hoạch')).body.unit as CentreUnit;
		const plan = (code: number) => ({
			id: uuidv7(),
			unit: { code, name: 'x', provinceCode: HA_NOI, provinceName: 'x' },
			windowStart: '2026-12-01',
			windowEnd: '2026-12-10',
			assignedInspectorIds: [inspector.userId],
			basis: ''
		});
		const planned = await plans.create(ctx.db, supervisor, plan(branch.code));
		expect(planned.unit).toEqual({
			code: branch.code,
			name: 'Chi nhánh theo kế hoạch',
			provinceCode: HA_NOI,
			provinceName: 'Thành phố Hà Nội'
		});
		await setBranch(admin, branch.code, { active: false });
		await expect(plans.create(ctx.db, supervisor, plan(branch.code))).rejects.toMatchObject({ code: 'unit_not_found' });
	});

	it('audits each change to branches and points, and a change that changes nothing not at all', async () => {
		const { admin } = await people();
		const count = async () => Number((await ctx.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
		const before = await count();
		const point = (await addPoint(admin, hoanKiem.code, 'Quầy kiểm toán')).body.receptionPoint as ReceptionPoint;
		await setPoint(admin, point.id, { name: 'Quầy kiểm toán' });
		await setPoint(admin, point.id, { address: '1 Tràng Tiền' });
		expect(await count()).toBe(before + 2);
		const actions = await ctx.db.selectFrom('audit_log').select('action').where('seq', '>', before).orderBy('seq').execute();
		expect(actions.map((a) => a.action)).toEqual(['reception_point_created', 'reception_point_changed']);
	});
});
