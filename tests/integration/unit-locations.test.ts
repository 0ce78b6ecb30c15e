/**
 * Unit locations (proof of presence) on real SQLite and PostgreSQL: a province admin sets and
 * clears a unit's point through the route, within the province only; the province's staff read
 * them; a ward cannot; the CSV import names every bad row and imports nothing unless all are good.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAdminCli } from '$lib/server/cli/admin-cli';
import { GET as getLocations } from '../../src/routes/api/units/locations/+server';
import { PUT as putLocation } from '../../src/routes/api/admin/unit-locations/[code]/+server';
import { callRoute } from './support/route-calls';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

/** Phường Hoàn Kiếm, Phường Ba Đình (Hà Nội) and Phường Thủ Dầu Một (Hồ Chí Minh) in the 2025 list. */
const HOAN_KIEM = 70;
const BA_DINH = 4;
const THU_DAU_MOT = 25747;

describe.each(testDatabases)('unit locations on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	const put = (as: object, code: number, json: unknown) =>
		callRoute(putLocation, { as, method: 'PUT', path: `/api/admin/unit-locations/${code}`, params: { code: String(code) }, json });
	const list = (as: object, province = '') =>
		callRoute(getLocations, { as, path: `/api/units/locations${province ? `?province=${province}` : ''}` });

	it('a province admin sets, moves and clears a unit’s location; staff of the province read it', async () => {
		const admin = ctx.newActor('admin');
		const set = await put(admin, HOAN_KIEM, { location: { lat: 21.0285, lng: 105.8542 } });
		expect(set.status).toBe(200);
		expect(set.body.location).toMatchObject({ unitCode: HOAN_KIEM, lat: 21.0285, lng: 105.8542 });
		expect((await put(admin, HOAN_KIEM, { location: { lat: 21.03, lng: 105.85 } })).status).toBe(200);

		const supervisor = ctx.newActor('supervisor');
		const read = await list(supervisor);
		expect(read.status).toBe(200);
		expect(read.body.locations).toEqual([expect.objectContaining({ unitCode: HOAN_KIEM, lat: 21.03, lng: 105.85 })]);
		const audit = await ctx.db
			.selectFrom('audit_log')
			.select(['action', 'actor_user_id'])
			.where('action', '=', 'unit_location_set')
			.execute();
		expect(audit.filter((a) => a.actor_user_id === admin.userId)).toHaveLength(2);

		expect((await put(admin, HOAN_KIEM, { location: null })).body).toEqual({ location: null });
		expect((await list(supervisor)).body.locations).toEqual([]);
	});

	it('refuses another province, a ward, an unknown unit and a point out of range', async () => {
		const admin = ctx.newActor('admin');
		const other = await put(admin, THU_DAU_MOT, { location: { lat: 10.98, lng: 106.65 } });
		expect(other.status).toBe(403);
		expect((await put(admin, 899_999, { location: { lat: 10, lng: 106 } })).body).toMatchObject({ error: { code: 'unit_not_found' } });
		const far = await put(admin, HOAN_KIEM, { location: { lat: 91, lng: 105 } });
		expect(far).toMatchObject({
			status: 400,
			body: { error: { code: 'invalid_request', field: 'location.lat', message: 'invalid_latitude' } }
		});
		expect((await put(admin, HOAN_KIEM, { lat: 21, lng: 105 })).status).toBe(400);
		expect((await put(ctx.newActor('supervisor'), HOAN_KIEM, { location: { lat: 21, lng: 105 } })).status).toBe(403);
		expect((await list(ctx.newActor('ward', { unitCode: HOAN_KIEM }))).status).toBe(403);
		expect((await list(ctx.newActor('supervisor'), '79')).status).toBe(403);
	});

	async function importFile(text: string) {
		const dir = await mkdtemp(join(tmpdir(), 'unit-locations-'));
		const file = join(dir, 'vi-tri.csv');
		await writeFile(file, text);
		const out: string[] = [];
		const err: string[] = [];
		const code = await runAdminCli(['import-unit-locations', file], {
			stdin: Readable.from(['']),
			stdout: (l) => out.push(l),
			stderr: (l) => err.push(l),
			db: ctx.db
		});
		return { code, out: out.join('\n'), err: err.join('\n') };
	}

	it('imports a CSV of unit_code,lat,lng; bad rows are named by number and nothing is imported', async () => {
		const bad = await importFile(
			`unit_code,lat,lng,name\n${HOAN_KIEM},21.0285,105.8542,Phường Hoàn Kiếm\n${BA_DINH},95,105.84,Ba Đình\nabc,21,105\n${HOAN_KIEM},21,105\n899999,21,105\n`
		);
		expect(bad.code).toBe(1);
		expect(bad.err).toContain('Dòng 3, cột lat');
		expect(bad.err).toContain('Dòng 4, cột unit_code');
		expect(bad.err).toContain('Dòng 5, cột unit_code: unit 70 is already on row 2');
		expect(
			await ctx.db.withTables<{ unit_locations: { unit_code: number } }>().selectFrom('unit_locations').select('unit_code').execute()
		).toEqual([]);

		const unknown = await importFile(`unit_code;lat;lng\n${HOAN_KIEM};21.0285;105.8542\n899999;21;105\n`);
		expect(unknown).toMatchObject({ code: 1 });
		expect(unknown.err).toContain('Dòng 3, cột unit_code: no unit with code 899999');

		const good = await importFile(
			`\uFEFFunit_code,lat,lng\r\n${HOAN_KIEM},21.0285,105.8542\r\n${BA_DINH},21.0341,105.8372\r\n${THU_DAU_MOT},10.98,106.65\r\n`
		);
		expect(good).toMatchObject({ code: 0 });
		expect(good.out).toContain('3 đơn vị');
		const hanoi = await list(ctx.newActor('inspector'), '1');
		expect(hanoi.body.locations.map((l: { unitCode: number }) => l.unitCode)).toEqual([BA_DINH, HOAN_KIEM]);
		expect((await list(ctx.newActor('admin', { provinceCode: null }), '79')).body.locations).toEqual([
			expect.objectContaining({ unitCode: THU_DAU_MOT, lat: 10.98, lng: 106.65 })
		]);
	});
});
