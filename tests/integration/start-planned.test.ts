/**
 * Starting a planned visit (issue 16, `startPlannedInspection`) through the real push and pull, on
 * both databases: the assigned inspector's start makes the plan their draft with the plan's unit,
 * team, type and căn cứ; it happens once (a retry is answered from its receipt, a second start is
 * a conflict); an unassigned inspector learns nothing (`not_found`, as for no record); a ward or a
 * supervisor may not start a visit; and no refusal blocks the mutations queued behind it.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import type { Inspection } from '$lib/domain/inspection';
import type { MutationArgs } from '$lib/domain/protocol';
import { blobStore } from '$lib/server/blobs';
import { closeDatabase, getDatabase, type Database } from '$lib/server/db';
import { plans } from '$lib/server/plans';
import { applyPush, pullChanges, type PulledChange } from '$lib/server/sync';
import { writeTransaction } from '$lib/server/sync/write-transaction';
import { createCaller, type Caller } from './support/callers';
import { inspectionArgs } from './support/factories';
import { TestClient, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const hoanKiem = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const BASIS = 'Quyết định số 12/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND thành phố';

describe.each(testDatabases)('starting a planned visit on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let db: Kysely<Database>;
	let supervisor: Caller, leader: Caller, member: Caller, unassigned: Caller, ward: Caller;
	const clients = new Map<string, TestClient>();
	const clientOf = (caller: Caller) => {
		let client = clients.get(caller.user.userId);
		if (!client) clients.set(caller.user.userId, (client = new TestClient(caller.user)));
		return client;
	};
	const push = (caller: Caller, mutations: unknown[]) =>
		applyPush(db, caller.user, { clientId: clientOf(caller).clientId, mutations: mutations as never }, { blobs: blobStore() });

	beforeAll(async () => {
		if (kind.skipReason) return;
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		db = (await getDatabase()).db;
		supervisor = await createCaller(db, 'supervisor', { provinceCode: 1 });
		leader = await createCaller(db, 'inspector', { provinceCode: 1 }, 'leader');
		member = await createCaller(db, 'inspector', { provinceCode: 1 }, 'member');
		unassigned = await createCaller(db, 'inspector', { provinceCode: 1 }, 'unassigned');
		ward = await createCaller(db, 'ward', { provinceCode: 1, unitCode: 70 });
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	/** A planned visit of a draw (so it carries an inspection type); the leader, a supervisor and the member go. */
	async function plannedVisit(): Promise<string> {
		const input = {
			id: uuidv7(),
			unit: hoanKiem,
			windowStart: '2026-03-01',
			windowEnd: '2026-03-15',
			// The team from the province's accounts, with roles (the supervisor goes too).
			team: [
				{ userId: member.user.userId, role: 'thu_ky' as const },
				{ userId: supervisor.user.userId, role: 'thanh_vien' as const },
				{ userId: leader.user.userId, role: 'truong_doan' as const }
			],
			basis: BASIS
		};
		const prepared = await plans.prepare(db, supervisor.user, input);
		prepared.origin = { inspectionType: 'chuyen_de', planId: uuidv7(), drawId: uuidv7() };
		await writeTransaction(db, (scope) => plans.insert(scope, supervisor.user, prepared));
		return input.id;
	}

	const startArgs = (inspectionId: string): MutationArgs<'startPlannedInspection'> => ({
		inspectionId,
		startedAt: '2026-03-10T09:00:00+07:00',
		position: { lat: 21.0285, lng: 105.8542, accuracyM: 15, capturedAt: '2026-03-10T09:00:02+07:00' },
		positionNote: ''
	});
	const stored = async (id: string) => {
		const row = await db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		return { row, doc: JSON.parse(row.data) as Inspection & { plan?: { assignedInspectorIds: string[] } } };
	};
	const countChanges = async () =>
		Number(
			(
				await db
					.selectFrom('changes')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	async function pulledRecord(caller: Caller, id: string) {
		const changes: PulledChange[] = [];
		for (let cursor = 0; ;) {
			const page = await pullChanges(db, caller.user, { cursor, limit: 200 });
			changes.push(...page.changes);
			cursor = page.cursor;
			if (!page.hasMore) break;
		}
		return changes.filter((c) => c.entity === 'inspection' && (c.data as { id: string }).id === id).at(-1)?.data as Inspection | undefined;
	}

	it("the assigned inspector's start makes the plan their draft, with the plan's unit, team, type and căn cứ", async () => {
		const id = await plannedVisit();
		const planned = (await stored(id)).doc;
		const response = await push(leader, [clientOf(leader).mutation('startPlannedInspection', startArgs(id))]);
		expect(response.results.map((r) => r.status)).toEqual(['applied']);

		const { row, doc } = await stored(id);
		expect(row).toMatchObject({ status: 'draft', owner_user_id: leader.user.userId, started_at: '2026-03-10T09:00:00+07:00' });
		expect(doc).toEqual({
			...planned,
			status: 'draft',
			createdBy: leader.user.userId,
			startedAt: '2026-03-10T09:00:00+07:00',
			position: startArgs(id).position,
			positionNote: ''
		});
		expect(doc).toMatchObject({ unit: hoanKiem, inspectionType: 'chuyen_de', basis: BASIS });
		// The team as planned: accounts, names and roles, leader first.
		expect(doc.team.map((m) => [m.userId, m.name, m.role])).toEqual([
			[leader.user.userId, 'Kiểm thử leader', 'truong_doan'],
			[supervisor.user.userId, 'Kiểm thử supervisor of 1', 'thanh_vien'],
			[member.user.userId, 'Kiểm thử member', 'thu_ky']
		]);
		expect(doc.unplannedReason).toBeUndefined();

		// Pull: the starter and the other assigned inspector receive the draft; the supervisor too.
		for (const caller of [leader, member, supervisor]) {
			expect((await pulledRecord(caller, id))?.status, caller.label).toBe('draft');
		}
		expect(await pulledRecord(unassigned, id)).toBeUndefined();
		expect(await pulledRecord(ward, id)).toBeUndefined();

		// The starter writes the draft; the other member reads it and writes only in sections they
		// hold (issue 17): officers once they hold a section with per-officer items.
		const officer = { id: uuidv7(), inspectionId: id, name: 'Phạm Thu Hà', position: '', desk: '', order: 0 };
		expect((await push(leader, [clientOf(leader).mutation('addOfficer', officer)])).results[0]?.status).toBe('applied');
		const byMember = await push(member, [clientOf(member).mutation('addOfficer', { ...officer, id: uuidv7() })]);
		expect(byMember.results.map((r) => [r.status, r.code])).toEqual([['rejected', 'section_not_held']]);
		const header = await push(member, [
			clientOf(member).mutation('updateInspectionHeader', { inspectionId: id, patch: { basis: 'Khác' } })
		]);
		expect(header.results.map((r) => [r.status, r.code])).toEqual([['rejected', 'forbidden']]);
	});

	it('happens once: a retry is answered from its receipt, any other start is a conflict that changes nothing', async () => {
		const id = await plannedVisit();
		const first = clientOf(leader).mutation('startPlannedInspection', startArgs(id));
		expect((await push(leader, [first])).results[0]?.status).toBe('applied');
		const after = await stored(id);
		const changes = await countChanges();

		// The answer was lost: the phone sends the same mutation again.
		expect((await push(leader, [first])).results.map((r) => r.status)).toEqual(['applied']);
		// The colleague started it offline too; the leader's second phone as well.
		const byMember = await push(member, [clientOf(member).mutation('startPlannedInspection', { ...startArgs(id), positionNote: 'x' })]);
		expect(byMember.results.map((r) => [r.status, r.code])).toEqual([['conflict', 'not_editable']]);
		const secondPhone = new TestClient(leader.user);
		const again = await applyPush(
			db,
			leader.user,
			{ clientId: secondPhone.clientId, mutations: [secondPhone.mutation('startPlannedInspection', startArgs(id))] },
			{ blobs: blobStore() }
		);
		expect(again.results.map((r) => [r.status, r.code])).toEqual([['conflict', 'not_editable']]);

		expect(await stored(id)).toEqual(after);
		expect(await countChanges()).toBe(changes);
	});

	it('an unassigned inspector gets the answer for no record at all, and the queue behind it still applies', async () => {
		const id = await plannedVisit();
		const changes = await countChanges();
		const client = clientOf(unassigned);
		const own = inspectionArgs({ unit: hoanKiem, unplannedReason: 'Phản ánh của người dân ngày 02/03' });
		const response = await push(unassigned, [
			client.mutation('startPlannedInspection', startArgs(id)),
			client.mutation('startPlannedInspection', startArgs(uuidv7())),
			client.mutation('createInspection', own)
		]);
		const [planned, nothing, created] = response.results;
		expect([planned?.status, planned?.code, planned?.field]).toEqual(['rejected', 'not_found', 'args.inspectionId']);
		// Word for word the same answer: nothing tells a planned visit from no visit.
		expect({ ...planned, mutationId: '', seq: 0 }).toEqual({ ...nothing, mutationId: '', seq: 0 });
		expect(created?.status).toBe('applied');
		expect((await stored(id)).row.status).toBe('planned');
		expect(await countChanges()).toBe(changes + 1);
		// An unplanned visit keeps its reason, stored and pulled as given.
		expect((await stored(own.id)).doc.unplannedReason).toBe('Phản ánh của người dân ngày 02/03');
		expect((await pulledRecord(unassigned, own.id))?.unplannedReason).toBe('Phản ánh của người dân ngày 02/03');
	});

	it('a ward, or a supervisor even on the team, may not start a visit (forbidden), and the visit stays planned', async () => {
		const id = await plannedVisit();
		for (const caller of [ward, supervisor]) {
			const response = await push(caller, [clientOf(caller).mutation('startPlannedInspection', startArgs(id))]);
			expect(
				response.results.map((r) => [r.status, r.code]),
				caller.label
			).toEqual([['rejected', 'forbidden']]);
		}
		expect((await stored(id)).row).toMatchObject({ status: 'planned', owner_user_id: supervisor.user.userId });
		// Still startable by the team afterwards.
		expect((await push(member, [clientOf(member).mutation('startPlannedInspection', startArgs(id))])).results[0]?.status).toBe('applied');
		expect((await stored(id)).row.owner_user_id).toBe(member.user.userId);
	});
});
