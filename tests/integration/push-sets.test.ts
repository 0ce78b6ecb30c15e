/**
 * Answers applied as a set (issue 21, handlers/answer-run.ts) end exactly as applied one push at
 * a time: the same results, the same stored answers and conflicts, the same change rows in the
 * same order. Refused answers leave only their receipt; a value the database refuses inside a set
 * is refused alone, as before. Officers added in a row (handlers/officer-run.ts) likewise.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import type { Mutation, MutationArgs } from '$lib/domain/protocol';
import type { Actor } from '$lib/server/sync';
import { createCaller } from './support/callers';
import { answerArgs, inspectionArgs, officerArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const pass = { kind: 'pass', result: 'pass' } as const;
const fail = { kind: 'pass', result: 'fail' } as const;
const at = (m: number) => `2026-12-06T08:${String(m).padStart(2, '0')}:00.000+07:00`;

describe.each(testDatabases)('answers applied as a set on $name', (kind) => {
	const ctx = useSyncContext(kind);

	const account = async (): Promise<Actor> => {
		const { user } = await createCaller(ctx.db, 'inspector', { provinceCode: 1, unitCode: null });
		return { userId: user.userId, role: user.role, provinceCode: user.provinceCode, unitCode: user.unitCode };
	};

	/** A record of `lead` with `member` on its team holding section A, one officer, and A5 answered by the member. */
	async function teamRecord(lead: Actor, member: Actor) {
		const leadClient = ctx.newClient(lead);
		const memberClient = ctx.newClient(member);
		const create = inspectionArgs();
		const officer = officerArgs(create.id);
		const team = [
			{ userId: lead.userId, name: 'Nguyễn Văn An', role: 'truong_doan' as const, position: '', organisation: '' },
			{ userId: member.userId, name: 'Thành viên 1', role: 'thanh_vien' as const, position: '', organisation: '' }
		];
		await pushApplied(leadClient, [
			leadClient.mutation('createInspection', create),
			leadClient.mutation('updateInspectionHeader', { inspectionId: create.id, patch: { team } }),
			leadClient.mutation('holdSections', { inspectionId: create.id, sectionIds: ['A'], userId: member.userId }),
			leadClient.mutation('addOfficer', officer)
		]);
		await pushApplied(memberClient, [memberClient.mutation('answerItem', answerArgs(create.id, 'A5', pass, { answeredAt: at(1) }))]);
		return { id: create.id, officerId: officer.id, leadClient, memberClient };
	}

	async function pushApplied(client: TestClient, mutations: Mutation[]) {
		const response = await ctx.push(client, mutations);
		expect(response.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
	}

	/** The lead's answers on record `id`: sets, changes, clears, conflicts and refusals mixed. */
	function script(id: string, officerId: string): MutationArgs<'answerItem'>[] {
		const a = (itemId: string, value: MutationArgs<'answerItem'>['value'], m: number, extra: Partial<MutationArgs<'answerItem'>> = {}) =>
			answerArgs(id, itemId, value, { answeredAt: at(m), ...extra });
		return [
			a('A4', pass, 10),
			a('A4', fail, 11, { note: 'đổi ý' }),
			// Given without sight of the member's: kept as a conflict, the member's (earlier) standing.
			a('A5', fail, 12, { basedOn: null }),
			a('A5', pass, 13, { note: 'lại', basedOn: null }),
			a('A6', pass, 14),
			a('A6', null, 15),
			a('A7', null, 16),
			a('C6', pass, 17, { officerId: 'no-such-officer' }),
			a('NO-SUCH-ITEM', pass, 18),
			answerArgs('no-such-record', 'A3', pass, { answeredAt: at(19) }),
			a('A8', pass, 20, { note: 'ghi chú' }),
			a('A8', pass, 21, { note: 'ghi chú' }),
			a('C6', fail, 22, { officerId })
		];
	}

	/** What the answers of record `id` came to, its ids and the officer's made alike. */
	async function outcome(id: string, officerId: string) {
		const strip = <T extends { inspection_id: string; version: number; updated_at: string }>(row: T) => {
			const { inspection_id: _id, version: _version, updated_at: _at, ...rest } = row;
			return rest;
		};
		const [answers, conflicts, changes] = await Promise.all([
			ctx.db.selectFrom('answers').selectAll().where('inspection_id', '=', id).orderBy('item_id').orderBy('officer_id').execute(),
			ctx.db.selectFrom('answer_conflicts').selectAll().where('inspection_id', '=', id).orderBy('item_id').execute(),
			ctx.db.selectFrom('changes').select(['entity', 'op', 'data', 'version']).where('inspection_id', '=', id).orderBy('version').execute()
		]);
		// Each stored row carries the version of the change that last wrote it.
		const versions = new Set(changes.map((c) => Number(c.version)));
		for (const row of [...answers, ...conflicts]) expect(versions.has(Number(row.version))).toBe(true);
		return {
			answers: answers.map(strip).map((a) => ({ ...a, officer_id: a.officer_id === officerId ? '<officer>' : a.officer_id })),
			conflicts: conflicts.map(strip),
			changes: changes
				.filter((c) => c.entity === 'answer' || c.entity === 'answerConflict')
				.map((c) => ({ entity: c.entity, op: c.op, data: c.data.replaceAll(id, '<id>').replaceAll(officerId, '<officer>') }))
		};
	}

	it('one push of a mixed run ends as the same answers pushed one by one', async () => {
		const [lead, member] = [await account(), await account()];
		const together = await teamRecord(lead, member);
		const apart = await teamRecord(lead, member);

		const inOne = await ctx.push(
			together.leadClient,
			script(together.id, together.officerId).map((args) => together.leadClient.mutation('answerItem', args))
		);
		const oneByOne = [];
		for (const args of script(apart.id, apart.officerId))
			oneByOne.push(...(await ctx.push(apart.leadClient, [apart.leadClient.mutation('answerItem', args)])).results);

		const summary = (r: { status: string; code?: string; field?: string }) => [r.status, r.code ?? null, r.field ?? null];
		expect(inOne.results.map(summary)).toEqual(oneByOne.map(summary));
		expect(inOne.results.map((r) => r.status)).toEqual([
			'applied',
			'applied',
			'applied',
			'applied',
			'applied',
			'applied',
			'applied',
			'rejected',
			'rejected',
			'rejected',
			'applied',
			'applied',
			'applied'
		]);
		const [setWise, oneWise] = [await outcome(together.id, together.officerId), await outcome(apart.id, apart.officerId)];
		expect(setWise).toEqual(oneWise);
		expect(setWise.conflicts).toHaveLength(1);
		expect(setWise.answers.map((a) => a.item_id)).toEqual(['A4', 'A5', 'A8', 'C6']);
	});

	it("a member's run opens their part once and stays in their sections", async () => {
		const [lead, member] = [await account(), await account()];
		const record = await teamRecord(lead, member);
		const client = record.memberClient;
		const response = await ctx.push(client, [
			client.mutation('answerItem', answerArgs(record.id, 'A3', pass)),
			client.mutation('answerItem', answerArgs(record.id, 'C6', pass, { officerId: record.officerId })),
			client.mutation('answerItem', answerArgs(record.id, 'A4', pass))
		]);
		expect(response.results.map((r) => r.code ?? r.status)).toEqual(['applied', 'section_not_held', 'applied']);
		const parts = await ctx.db.selectFrom('team_parts').selectAll().where('inspection_id', '=', record.id).execute();
		expect(parts.map((p) => [p.user_id, p.state])).toEqual([[member.userId, 'open']]);
	});

	it('a value the database refuses, inside a run, is refused alone and the rest apply', async () => {
		const client = ctx.newClient();
		const create = inspectionArgs();
		await pushApplied(client, [client.mutation('createInspection', create)]);
		const response = await ctx.push(client, [
			client.mutation('answerItem', answerArgs(create.id, 'A3', pass)),
			client.mutation('answerItem', answerArgs(create.id, 'A4', pass, { note: 'nul \u0000 byte' })),
			client.mutation('answerItem', answerArgs(create.id, 'A5', pass))
		]);
		const stored = await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', create.id).orderBy('item_id').execute();
		if (kind.name === 'postgres') {
			// PostgreSQL text cannot hold NUL: that answer alone is refused, as one by one.
			expect(response.results.map((r) => r.code ?? r.status)).toEqual(['applied', 'invalid', 'applied']);
			expect(stored.map((a) => a.item_id)).toEqual(['A3', 'A5']);
		} else {
			expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
			expect(stored.map((a) => a.item_id)).toEqual(['A3', 'A4', 'A5']);
		}
		expect(response.lastAppliedSeq).toBe(4);
	});

	/** Officers added to record `id` in a row: new ones, a repeated id, one already there, strangers. */
	function officerScript(id: string, existing: string) {
		const again = officerArgs(id, { name: 'Phạm Thị Dung', order: 2 });
		return [
			officerArgs(id, { name: 'Trần Văn Bình', order: 1 }),
			again,
			{ ...again, name: 'Phạm Thị Dung (lần hai)' },
			officerArgs(id, { id: existing, name: 'Đã có' }),
			officerArgs(uuidv7(), { name: 'Không có hồ sơ' }),
			officerArgs(id, { name: 'Ngoài danh sách', rosterId: uuidv7() }),
			officerArgs(id, { name: 'Hoàng Văn Em', order: 3, desk: 'Quầy 3' })
		];
	}

	/** What the officers of record `id` came to, their ids made alike by their names. */
	async function officersOutcome(id: string) {
		const [officers, changes] = await Promise.all([
			ctx.db.selectFrom('officers').selectAll().where('inspection_id', '=', id).orderBy('sort_order').orderBy('name').execute(),
			ctx.db.selectFrom('changes').select(['entity', 'op', 'data', 'version']).where('inspection_id', '=', id).orderBy('version').execute()
		]);
		const versions = new Set(changes.map((c) => Number(c.version)));
		for (const row of officers) expect(versions.has(Number(row.version))).toBe(true);
		const names = new Map(officers.map((o) => [o.id, o.name]));
		const alike = (text: string) =>
			[...names].reduce((t, [officerId, name]) => t.replaceAll(officerId, `<${name}>`), text.replaceAll(id, '<id>'));
		return {
			officers: officers.map(({ id: _id, inspection_id: _i, version: _v, updated_at: _u, ...rest }) => rest),
			changes: changes.filter((c) => c.entity === 'officer').map((c) => ({ op: c.op, data: alike(c.data) }))
		};
	}

	it('officers added in one push end as added one push at a time', async () => {
		const client = ctx.newClient();
		const [together, apart] = [inspectionArgs(), inspectionArgs()];
		const [first, second] = [officerArgs(together.id, { name: 'Đã có' }), officerArgs(apart.id, { name: 'Đã có' })];
		await pushApplied(client, [
			client.mutation('createInspection', together),
			client.mutation('addOfficer', first),
			client.mutation('createInspection', apart),
			client.mutation('addOfficer', second)
		]);

		const inOne = await ctx.push(
			client,
			officerScript(together.id, first.id).map((args) => client.mutation('addOfficer', args))
		);
		const oneByOne = [];
		for (const args of officerScript(apart.id, second.id))
			oneByOne.push(...(await ctx.push(client, [client.mutation('addOfficer', args)])).results);

		const summary = (r: { status: string; code?: string; field?: string }) => [r.status, r.code ?? null, r.field ?? null];
		expect(inOne.results.map(summary)).toEqual(oneByOne.map(summary));
		expect(inOne.results.map((r) => r.code ?? r.status)).toEqual([
			'applied',
			'applied',
			'already_exists',
			'already_exists',
			'not_found',
			'unknown_roster_officer',
			'applied'
		]);
		const [setWise, oneWise] = [await officersOutcome(together.id), await officersOutcome(apart.id)];
		expect(setWise).toEqual(oneWise);
		expect(setWise.officers.map((o) => o.name)).toEqual(['Đã có', 'Trần Văn Bình', 'Phạm Thị Dung', 'Hoàng Văn Em']);
	});

	it("a member without a per-officer section adds no officer, in a run as alone; the trưởng đoàn's run applies", async () => {
		const [lead, member] = [await account(), await account()];
		const record = await teamRecord(lead, member);
		const refused = await ctx.push(record.memberClient, [
			record.memberClient.mutation('addOfficer', officerArgs(record.id, { name: 'Thành viên thêm 1' })),
			record.memberClient.mutation('addOfficer', officerArgs(record.id, { name: 'Thành viên thêm 2' }))
		]);
		expect(refused.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		const added = await ctx.push(record.leadClient, [
			record.leadClient.mutation('addOfficer', officerArgs(record.id, { name: 'Trưởng đoàn thêm 1', order: 1 })),
			record.leadClient.mutation('addOfficer', officerArgs(record.id, { name: 'Trưởng đoàn thêm 2', order: 2 }))
		]);
		expect(added.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		const names = await ctx.db.selectFrom('officers').select('name').where('inspection_id', '=', record.id).orderBy('sort_order').execute();
		expect(names.map((n) => n.name)).toEqual(['Lê Văn Cường', 'Trưởng đoàn thêm 1', 'Trưởng đoàn thêm 2']);
	});
});
