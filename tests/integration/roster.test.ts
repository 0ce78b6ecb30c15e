/**
 * The counter officers' roster (issue 16, must-show 8; docs/roster.md) on both databases:
 * migration 017, who reads and who keeps a unit's roster through the real route handlers, the
 * audit of each change, and the push check that an officer's `rosterId` is on the roster of the
 * inspection's own unit (`unknown_roster_officer`, field `args.rosterId`).
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import type { RosterOfficer } from '$lib/domain/roster';
import type { SignedInUser } from '$lib/server/auth';
import { officerHistory } from '$lib/server/roster';
import { PATCH as patchOfficer } from '../../src/routes/api/units/[code]/roster/[id]/+server';
import { GET as getRoster, POST as postOfficer } from '../../src/routes/api/units/[code]/roster/+server';
import { createCaller } from './support/callers';
import { inspectionArgs, officerArgs } from './support/factories';
import { callRoute } from './support/route-calls';
import { useServerDatabase, useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const hoanKiem = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: HA_NOI, provinceName: 'Thành phố Hà Nội' };
const baDinh = { code: 4, name: 'Phường Ba Đình', provinceCode: HA_NOI, provinceName: 'Thành phố Hà Nội' };

describe.each(testDatabases)('the counter roster on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	const people = async () => ({
		admin: (await createCaller(ctx.db, 'admin', { provinceCode: HA_NOI })).user,
		hcmAdmin: (await createCaller(ctx.db, 'admin', { provinceCode: 79 })).user,
		supervisor: (await createCaller(ctx.db, 'supervisor', { provinceCode: HA_NOI })).user,
		inspector: (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI })).user,
		hcmInspector: (await createCaller(ctx.db, 'inspector', { provinceCode: 79 })).user,
		ward: (await createCaller(ctx.db, 'ward', { provinceCode: HA_NOI, unitCode: hoanKiem.code })).user,
		otherWard: (await createCaller(ctx.db, 'ward', { provinceCode: HA_NOI, unitCode: baDinh.code })).user
	});

	const read = (as: SignedInUser, code: number) =>
		callRoute(getRoster, { as, path: `/api/units/${code}/roster`, params: { code: String(code) } });
	const add = (as: SignedInUser, code: number, json: object) =>
		callRoute(postOfficer, { as, path: `/api/units/${code}/roster`, params: { code: String(code) }, json });
	const change = (as: SignedInUser, code: number, id: string, json: object) =>
		callRoute(patchOfficer, { as, method: 'PATCH', path: `/api/units/${code}/roster/${id}`, params: { code: String(code), id }, json });
	const auditActions = async () =>
		(await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'detail']).orderBy('seq').execute()).map((r) => ({
			action: r.action,
			actor: r.actor_user_id,
			detail: JSON.parse(r.detail) as Record<string, unknown>
		}));

	it('migration 017 creates the roster table and the officers’ roster_id column', async () => {
		const tables = await ctx.db.introspection.getTables();
		expect(tables.map((t) => t.name)).toContain('roster_officers');
		const officers = tables.find((t) => t.name === 'officers')!;
		expect(officers.columns.map((c) => c.name)).toContain('roster_id');
	});

	it('lets the ward keep its own roster, audited, and shows it to the province’s inspectors', async () => {
		const { ward, inspector, supervisor, admin } = await people();
		const added = await add(ward, hoanKiem.code, { name: '  Nguyễn Thị Hoa ', position: 'Công chức tư pháp - hộ tịch', field: 'Hộ tịch' });
		expect(added.status).toBe(201);
		const officer = added.body.officer as RosterOfficer;
		expect(officer).toMatchObject({ unitCode: hoanKiem.code, name: 'Nguyễn Thị Hoa', field: 'Hộ tịch', active: true });

		for (const reader of [ward, inspector, supervisor, admin]) {
			const seen = await read(reader, hoanKiem.code);
			expect(seen.status, reader.role).toBe(200);
			expect(seen.body).toEqual({ unitCode: hoanKiem.code, officers: [officer] });
		}

		const moved = await change(ward, hoanKiem.code, officer.id, { field: 'Đất đai' });
		expect(moved).toMatchObject({ status: 200, body: { officer: { field: 'Đất đai', name: 'Nguyễn Thị Hoa' } } });
		const gone = await change(admin, hoanKiem.code, officer.id, { active: false });
		expect(gone).toMatchObject({ status: 200, body: { officer: { active: false } } });
		// Nothing changed: nothing audited.
		await change(admin, hoanKiem.code, officer.id, { active: false });

		const audit = (await auditActions()).filter((a) => a.action.startsWith('roster_officer_') && a.detail.rosterId === officer.id);
		expect(audit.map((a) => [a.action, a.actor])).toEqual([
			['roster_officer_added', ward.userId],
			['roster_officer_changed', ward.userId],
			['roster_officer_changed', admin.userId]
		]);
		expect(audit[0]!.detail).toMatchObject({ unitCode: hoanKiem.code, officerName: 'Nguyễn Thị Hoa' });
	});

	it('refuses readers and keepers outside the unit or province, and bad input with its field', async () => {
		const { ward, otherWard, inspector, supervisor, hcmAdmin, hcmInspector, admin } = await people();
		const officer = (await add(admin, hoanKiem.code, { name: 'Trần Văn Nam' })).body.officer as RosterOfficer;
		expect(officer).toMatchObject({ position: '', field: '' });

		// Another commune's ward neither reads nor writes this roster.
		expect(await read(otherWard, hoanKiem.code)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
		expect((await add(otherWard, hoanKiem.code, { name: 'X' })).status).toBe(403);
		expect((await change(otherWard, hoanKiem.code, officer.id, { name: 'X' })).status).toBe(403);
		// Another province's accounts neither.
		expect((await read(hcmInspector, hoanKiem.code)).status).toBe(403);
		expect((await add(hcmAdmin, hoanKiem.code, { name: 'X' })).status).toBe(403);
		// Inspectors and supervisors read, but do not keep, a roster.
		expect((await add(inspector, hoanKiem.code, { name: 'X' })).status).toBe(403);
		expect((await change(supervisor, hoanKiem.code, officer.id, { name: 'X' })).status).toBe(403);

		expect(await add(ward, hoanKiem.code, { name: '   ' })).toMatchObject({ status: 400, body: { error: { field: 'name' } } });
		expect(await add(ward, hoanKiem.code, { name: 'A', field: 'x'.repeat(201) })).toMatchObject({
			status: 400,
			body: { error: { field: 'field' } }
		});
		expect(await read(ward, 999_999_999)).toMatchObject({ status: 404, body: { error: { code: 'unit_not_found', field: 'code' } } });
		// An officer of another unit is not found through this unit's path, even for an admin.
		expect(await change(admin, baDinh.code, officer.id, { name: 'Y' })).toMatchObject({
			status: 404,
			body: { error: { code: 'roster_officer_not_found', field: 'id' } }
		});
		expect((await change(ward, hoanKiem.code, 'khong-phai-id', { name: 'Y' })).body.error.field).toBe('id');
		// Nothing a refused caller sent was stored.
		const names = (await read(ward, hoanKiem.code)).body.officers.map((o: RosterOfficer) => o.name);
		expect(names).toContain('Trần Văn Nam');
		expect(names.filter((n: string) => ['X', 'Y', 'A'].includes(n))).toEqual([]);
	});

	it('tells a ward nothing about visits: its roster answer is the same before and after a visit is started there', async () => {
		const { ward, admin } = await people();
		await add(admin, hoanKiem.code, { name: 'Phạm Thu Trang' });
		const before = await read(ward, hoanKiem.code);
		const client = ctx.newClient(ctx.newActor('inspector', { provinceCode: HA_NOI }));
		const visit = inspectionArgs({ unit: hoanKiem });
		expect((await ctx.push(client, [client.mutation('createInspection', visit)])).results[0]?.status).toBe('applied');
		const officer = before.body.officers[0] as RosterOfficer;
		await ctx.push(client, [client.mutation('addOfficer', officerArgs(visit.id, { name: officer.name, rosterId: officer.id }))]);
		expect(await read(ward, hoanKiem.code)).toEqual(before);
	});

	describe('an inspection’s officer picked from the roster', () => {
		const pushOne = async (client: TestClient, mutation: ReturnType<TestClient['mutation']>) =>
			(await ctx.push(client, [mutation])).results[0]!;

		it('keeps its rosterId when the entry is the inspection unit’s, and refuses another unit’s or an unknown one', async () => {
			const { admin } = await people();
			const ours = (await add(admin, hoanKiem.code, { name: 'Lê Minh Đức', position: 'Công chức văn phòng' })).body
				.officer as RosterOfficer;
			const theirs = (await add(admin, baDinh.code, { name: 'Đỗ Hải Yến' })).body.officer as RosterOfficer;
			const client = ctx.newClient(ctx.newActor('inspector', { provinceCode: HA_NOI }));
			const visit = inspectionArgs({ unit: hoanKiem });
			expect(await pushOne(client, client.mutation('createInspection', visit))).toMatchObject({ status: 'applied' });

			for (const rosterId of [theirs.id, uuidv7()]) {
				const refused = await pushOne(client, client.mutation('addOfficer', officerArgs(visit.id, { rosterId })));
				expect(refused).toMatchObject({ status: 'rejected', code: 'unknown_roster_officer', field: 'args.rosterId' });
				expect(refused.message).toBeTruthy();
			}

			const picked = officerArgs(visit.id, { name: ours.name, position: ours.position, rosterId: ours.id });
			expect(await pushOne(client, client.mutation('addOfficer', picked))).toMatchObject({ status: 'applied' });
			const unlisted = officerArgs(visit.id, { name: 'Người không có trong danh sách', order: 1 });
			expect(await pushOne(client, client.mutation('addOfficer', unlisted))).toMatchObject({ status: 'applied' });
			const rows = await ctx.db
				.selectFrom('officers')
				.select(['id', 'roster_id'])
				.where('inspection_id', '=', visit.id)
				.orderBy('sort_order')
				.execute();
			expect(rows).toEqual([
				{ id: picked.id, roster_id: ours.id },
				{ id: unlisted.id, roster_id: null }
			]);

			// The pulled officer carries it, so the device and the reports know the person.
			const pulled = await ctx.pullAll(client.actor);
			expect(pulled.changes.find((c) => c.entity === 'officer' && c.entityId === picked.id)?.data).toMatchObject({ rosterId: ours.id });

			// The officer's history: the province sees this visit; the ward not while it is a draft.
			const { supervisor, ward } = await people();
			const visitOf = { inspectionId: visit.id, officerId: picked.id, unitCode: hoanKiem.code, status: 'draft' };
			expect(await officerHistory(ctx.db, supervisor, ours.id)).toEqual([expect.objectContaining(visitOf)]);
			expect(await officerHistory(ctx.db, client.actor, ours.id)).toEqual([expect.objectContaining(visitOf)]);
			expect(await officerHistory(ctx.db, ward, ours.id)).toEqual([]);
			expect(await officerHistory(ctx.db, supervisor, theirs.id)).toEqual([]);

			// Changing an officer to another unit's entry is refused too; back to hand-typed is fine.
			const swapped = await pushOne(client, client.mutation('updateOfficer', { ...picked, rosterId: theirs.id }));
			expect(swapped).toMatchObject({ status: 'rejected', code: 'unknown_roster_officer', field: 'args.rosterId' });
			const { rosterId: _dropped, ...typed } = picked;
			expect(await pushOne(client, client.mutation('updateOfficer', typed))).toMatchObject({ status: 'applied' });
			const after = await ctx.db.selectFrom('officers').select('roster_id').where('id', '=', picked.id).executeTakeFirstOrThrow();
			expect(after.roster_id).toBeNull();
		});
	});
});
