/**
 * One record, several phones (issue 17, must-shows 1, 2 and 4, the server as the authority), on
 * real SQLite and PostgreSQL: the trưởng đoàn puts accounts on the record's team, members write
 * only in the sections they hold, every answer keeps its author, answers given twice without
 * sight of each other are kept as conflicts whatever order the phones come back online in, and
 * the record is submitted only once conflicts are chosen and every member's part is in.
 */
import { describe, expect, it } from 'vitest';
import type { Inspection } from '$lib/domain/inspection';
import type { MutationArgs } from '$lib/domain/protocol';
import { signedContentFingerprint } from '$lib/domain/record-fingerprint';
import type { Actor } from '$lib/server/sync';
import { answerOf, officerOf } from '$lib/server/sync/row-converters';
import { createCaller } from './support/callers';
import { answerArgs, inspectionArgs, officerArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const pass = { kind: 'pass', result: 'pass' } as const;
/** A moment of the visit, minute `m` after 08:00 (Vietnam): answers carry their own time. */
const at = (m: number) => `2026-12-06T08:${String(m).padStart(2, '0')}:00.000+07:00`;

describe.each(testDatabases)('one record, several phones on $name', (kind) => {
	const ctx = useSyncContext(kind);

	const account = async (role: 'inspector' | 'supervisor' | 'ward' = 'inspector', provinceCode = 1, unitCode: number | null = null) => {
		const { user } = await createCaller(ctx.db, role, { provinceCode, unitCode });
		return { userId: user.userId, role: user.role, provinceCode: user.provinceCode, unitCode: user.unitCode } satisfies Actor;
	};

	async function pushOk(client: TestClient, mutations: unknown[]) {
		const response = await ctx.push(client, mutations);
		expect(response.results.map((r) => (r.status === 'applied' ? r.status : `${r.status} ${r.code} ${r.field} ${r.message}`))).toEqual(
			mutations.map(() => 'applied')
		);
		return response;
	}

	/**
	 * A record started by `lead` (unplanned) with `members` added to its team by the header, and
	 * `sections` handed out by the lead: { A: 0 } puts section A in the first member's hands.
	 */
	async function teamRecord(memberCount: number, sections: Record<string, number> = {}, people?: { lead: Actor; members: Actor[] }) {
		const lead = people?.lead ?? (await account());
		const members: Actor[] = people?.members.slice(0, memberCount) ?? [];
		for (let i = members.length; i < memberCount; i++) members.push(await account(i === 1 ? 'supervisor' : 'inspector'));
		const leadClient = ctx.newClient(lead);
		const create = inspectionArgs();
		const id = create.id;
		const team = [
			{ userId: lead.userId, name: 'Nguyễn Văn An', role: 'truong_doan' as const, position: '', organisation: '' },
			...members.map((m, i) => ({
				userId: m.userId,
				name: `Thành viên ${i + 1}`,
				role: 'thanh_vien' as const,
				position: '',
				organisation: ''
			}))
		];
		// Mutations take their seq when made: the record first, then its team, then the hand-outs.
		const start = [
			leadClient.mutation('createInspection', create),
			leadClient.mutation('updateInspectionHeader', { inspectionId: id, patch: { team } })
		];
		const handOut = Object.entries(sections).map(([sectionId, member]) =>
			leadClient.mutation('holdSections', { inspectionId: id, sectionIds: [sectionId], userId: members[member]!.userId })
		);
		await pushOk(leadClient, [...start, ...handOut]);
		return { id, lead, leadClient, members, memberClients: members.map((m) => ctx.newClient(m)) };
	}

	const answersOf = async (id: string) =>
		(await ctx.db.selectFrom('answers').selectAll().where('inspection_id', '=', id).orderBy('item_id').orderBy('officer_id').execute()).map(
			(r) => ({ ...answerOf(r), inspectionId: '' })
		);
	const conflictsOf = async (id: string) =>
		(await ctx.db.selectFrom('answer_conflicts').selectAll().where('inspection_id', '=', id).orderBy('item_id').execute()).map((r) => ({
			itemId: r.item_id,
			officerId: r.officer_id,
			versions: JSON.parse(r.versions) as unknown,
			resolved: r.resolved_at !== null
		}));

	it('the header puts accounts on the team: assigned, they receive the whole record; others are refused by field', async () => {
		const { id, leadClient, members } = await teamRecord(2);
		const assigned = await ctx.db.selectFrom('inspection_assignments').select('user_id').where('inspection_id', '=', id).execute();
		expect(assigned.map((a) => a.user_id).sort()).toEqual(members.map((m) => m.userId).sort());
		// A member's phone pulls the record (written before they were on the team) and its team.
		const pulled = await ctx.pullAll(members[0]!);
		expect(pulled.changes.some((c) => c.entity === 'inspection' && c.data.id === id)).toBe(true);

		const ward = await account('ward', 1, 4);
		const elsewhere = await account('inspector', 79);
		const doc = (await ctx.db.selectFrom('inspections').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data;
		const team = (JSON.parse(doc) as Inspection).team;
		const refused = await ctx.push(leadClient, [
			leadClient.mutation('updateInspectionHeader', { inspectionId: id, patch: { team: [...team, { ...team[1]!, userId: ward.userId }] } }),
			leadClient.mutation('updateInspectionHeader', {
				inspectionId: id,
				patch: { team: [...team, { ...team[1]!, userId: elsewhere.userId }] }
			})
		]);
		expect(refused.results).toMatchObject([
			{ status: 'rejected', code: 'not_an_inspector', field: 'args.patch.team.3.userId' },
			{ status: 'rejected', code: 'inspector_not_in_province', field: 'args.patch.team.3.userId' }
		]);

		// Taken off the team: no longer assigned, and the sections they held are free.
		await pushOk(leadClient, [
			leadClient.mutation('holdSections', { inspectionId: id, sectionIds: ['B'], userId: members[1]!.userId }),
			leadClient.mutation('updateInspectionHeader', { inspectionId: id, patch: { team: team.slice(0, 2) } })
		]);
		const after = await ctx.db.selectFrom('inspection_assignments').select('user_id').where('inspection_id', '=', id).execute();
		expect(after.map((a) => a.user_id)).toEqual([members[0]!.userId]);
		expect(await ctx.db.selectFrom('section_holdings').selectAll().where('inspection_id', '=', id).execute()).toEqual([]);
	});

	it('a member writes only in the sections they hold, and the answer keeps its author', async () => {
		const { id, members, memberClients } = await teamRecord(2, { A: 0 });
		const [an, binh] = memberClients as [TestClient, TestClient];
		const outside = await ctx.push(an, [an.mutation('answerItem', answerArgs(id, 'B1', pass, { basedOn: null }))]);
		expect(outside.results[0]).toMatchObject({ status: 'rejected', code: 'section_not_held', field: 'args.itemId' });
		expect(outside.results[0]?.message).toMatch(/not held by you/);
		const held = await ctx.push(binh, [binh.mutation('answerItem', answerArgs(id, 'A3', pass, { basedOn: null }))]);
		expect(held.results[0]).toMatchObject({ code: 'section_not_held', message: expect.stringMatching(/held by another member/) });

		await pushOk(an, [an.mutation('answerItem', answerArgs(id, 'A3', pass, { basedOn: null, answeredAt: at(1) }))]);
		expect(await answersOf(id)).toMatchObject([{ itemId: 'A3', answeredBy: members[0]!.userId, answeredAt: at(1) }]);

		// Taking a section another member holds is refused; a free one is taken; one's own is freed.
		const taking = await ctx.push(binh, [
			binh.mutation('holdSections', { inspectionId: id, sectionIds: ['B', 'A'], userId: members[1]!.userId }),
			binh.mutation('holdSections', { inspectionId: id, sectionIds: ['B'], userId: members[1]!.userId }),
			binh.mutation('holdSections', { inspectionId: id, sectionIds: ['A'], userId: null }),
			binh.mutation('holdSections', { inspectionId: id, sectionIds: ['C'], userId: members[0]!.userId })
		]);
		expect(taking.results).toMatchObject([
			{ status: 'rejected', code: 'section_held', field: 'args.sectionIds.1' },
			{ status: 'applied' },
			{ status: 'rejected', code: 'section_held', field: 'args.sectionIds.0' },
			{ status: 'rejected', code: 'forbidden', field: 'args.userId' }
		]);
		// Photos and finding notes follow the same sections; officers need a section with per-officer items.
		const officer = officerArgs(id);
		const officers = await ctx.push(binh, [binh.mutation('addOfficer', officer)]);
		expect(officers.results[0]).toMatchObject({ status: 'rejected', code: 'section_not_held' });
		await pushOk(binh, [
			binh.mutation('holdSections', { inspectionId: id, sectionIds: ['D'], userId: members[1]!.userId }),
			binh.mutation('addOfficer', officer)
		]);
		// The header, signatures and submission stay the trưởng đoàn's.
		const header = await ctx.push(an, [an.mutation('updateInspectionHeader', { inspectionId: id, patch: { basis: 'Khác' } })]);
		expect(header.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
	});

	/**
	 * Each phone answers offline; the overlapping items were answered without sight of each other
	 * (basedOn null). The lead writes anywhere, so overlaps with each member's section.
	 */
	const offlineWork = (r: Awaited<ReturnType<typeof teamRecord>>) => {
		const { id, leadClient, memberClients } = r;
		const answer = (c: TestClient, itemId: string, minute: number, note: string) =>
			c.mutation('answerItem', answerArgs(id, itemId, pass, { note, answeredAt: at(minute), basedOn: null }));
		const queues = [
			[
				answer(leadClient, 'A3', 5, 'trưởng đoàn'),
				answer(leadClient, 'B1', 2, 'trưởng đoàn'),
				answer(leadClient, 'A5', 3, 'chỉ trưởng đoàn')
			],
			[answer(memberClients[0]!, 'A3', 4, 'thành viên 1'), answer(memberClients[0]!, 'A4', 6, 'chỉ thành viên 1')]
		];
		if (memberClients[1])
			queues.push([answer(memberClients[1], 'B1', 2, 'thành viên 2'), answer(memberClients[1], 'B2', 7, 'chỉ thành viên 2')]);
		return queues.map((mutations, i) => ({ client: i === 0 ? leadClient : memberClients[i - 1]!, mutations }));
	};

	const permutations = <T>(xs: readonly T[]): T[][] =>
		xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));

	/** The record's answers and conflicts with the accounts named by their place on the team. */
	async function outcome(r: Awaited<ReturnType<typeof teamRecord>>) {
		const names = new Map([[r.lead.userId, 'lead'], ...r.members.map((m, i) => [m.userId, `member ${i + 1}`] as const)]);
		const named = (text: string) => names.get(text) ?? text;
		const answers = (await answersOf(r.id)).map((a) => ({ ...a, answeredBy: named(a.answeredBy) }));
		const conflicts = (await conflictsOf(r.id)).map((c) => ({
			...c,
			versions: (c.versions as { answeredBy: string }[]).map((v) => ({ ...v, answeredBy: named(v.answeredBy) }))
		}));
		return { answers, conflicts };
	}

	it.each([2, 3])('%i phones answering overlapping items offline end alike in every arrival order', async (phones) => {
		const outcomes = [];
		// The same accounts on every record: versions given at the same moment are ordered by author.
		const people = { lead: await account(), members: [await account(), await account('supervisor')] };
		for (const order of permutations([...Array(phones).keys()])) {
			const r = await teamRecord(phones - 1, phones === 3 ? { A: 0, B: 1 } : { A: 0 }, people);
			const queues = offlineWork(r);
			for (const i of order) await pushOk(queues[i]!.client, queues[i]!.mutations);
			outcomes.push({ order: order.join(''), ...(await outcome(r)) });
		}
		const [first, ...rest] = outcomes;
		for (const other of rest) expect({ ...other, order: first!.order }, `arrival order ${other.order}`).toEqual(first);
		// Both versions kept, ordered by time then author; the earliest stands until the choice.
		const a3 = first!.conflicts.find((c) => c.itemId === 'A3');
		expect(a3).toMatchObject({
			resolved: false,
			versions: [
				{ answeredBy: 'member 1', note: 'thành viên 1' },
				{ answeredBy: 'lead', note: 'trưởng đoàn' }
			]
		});
		expect(first!.answers.find((a) => a.itemId === 'A3')).toMatchObject({ answeredBy: 'member 1', note: 'thành viên 1' });
		expect(first!.conflicts.map((c) => c.itemId)).toEqual(phones === 3 ? ['A3', 'B1'] : ['A3']);
		expect(first!.answers.find((a) => a.itemId === 'A4')).toMatchObject({ answeredBy: 'member 1' });
	});

	it('three versions of one item are kept in the same order wherever the trưởng đoàn’s answer arrives', async () => {
		const people = { lead: await account(), members: [await account(), await account()] };
		const outcomes = [];
		for (const leadAt of [0, 1, 2]) {
			const r = await teamRecord(2, { A: 0 }, people);
			const [an, binh] = r.memberClients as [TestClient, TestClient];
			const answer = (c: TestClient, minute: number, note: string) =>
				c.mutation('answerItem', answerArgs(r.id, 'A6', pass, { note, answeredAt: at(minute), basedOn: null }));
			// Member 1 answers while holding A; the trưởng đoàn then hands A to member 2, who had
			// answered offline without seeing member 1's answer.
			// Made when pushed: a device numbers its mutations in the order it makes them.
			const steps: [TestClient, () => unknown[]][] = [
				[an, () => [answer(an, 10, 'thành viên 1')]],
				[
					r.leadClient,
					() => [r.leadClient.mutation('holdSections', { inspectionId: r.id, sectionIds: ['A'], userId: r.members[1]!.userId })]
				],
				[binh, () => [answer(binh, 5, 'thành viên 2')]]
			];
			steps.splice(leadAt === 2 ? 3 : leadAt, 0, [r.leadClient, () => [answer(r.leadClient, 7, 'trưởng đoàn')]]);
			for (const [client, make] of steps) await pushOk(client, make());
			outcomes.push(await outcome(r));
		}
		expect(outcomes[1]).toEqual(outcomes[0]);
		expect(outcomes[2]).toEqual(outcomes[0]);
		const [conflict] = outcomes[0]!.conflicts;
		expect((conflict!.versions as { answeredBy: string }[]).map((v) => v.answeredBy)).toEqual(['member 2', 'lead', 'member 1']);
		expect(outcomes[0]!.answers).toMatchObject([{ itemId: 'A6', answeredBy: 'member 2', note: 'thành viên 2' }]);
	});

	it('an answer given in sight of the stored one replaces it; the same content keeps the first author', async () => {
		const { id, lead, leadClient, members, memberClients } = await teamRecord(1, { A: 0 });
		const an = memberClients[0]!;
		await pushOk(an, [an.mutation('answerItem', answerArgs(id, 'A3', pass, { note: 'đủ', answeredAt: at(1), basedOn: null }))]);
		await pushOk(leadClient, [
			leadClient.mutation('answerItem', answerArgs(id, 'A3', pass, { note: 'đủ', answeredAt: at(2), basedOn: null })),
			leadClient.mutation('answerItem', answerArgs(id, 'A4', pass, { note: 'x', answeredAt: at(2), basedOn: null })),
			leadClient.mutation(
				'answerItem',
				answerArgs(id, 'A4', pass, { note: 'sửa', answeredAt: at(3), basedOn: { answeredBy: lead.userId, answeredAt: at(2) } })
			)
		]);
		await pushOk(an, [
			an.mutation(
				'answerItem',
				answerArgs(id, 'A4', pass, { note: 'đã xem', answeredAt: at(4), basedOn: { answeredBy: lead.userId, answeredAt: at(3) } })
			)
		]);
		expect((await answersOf(id)).map((a) => [a.itemId, a.note, a.answeredBy])).toEqual([
			['A3', 'đủ', members[0]!.userId],
			['A4', 'đã xem', members[0]!.userId]
		]);
		expect(await conflictsOf(id)).toEqual([]);
	});

	it('the trưởng đoàn chooses between conflicting answers; submission waits for the choice and every part', async () => {
		const r = await teamRecord(2, { A: 0, B: 1 });
		const { id, lead, leadClient, members, memberClients } = r;
		for (const { client, mutations } of offlineWork(r)) await pushOk(client, mutations);
		const submit = () => leadClient.mutation('submitInspection', submitArgs(id));

		expect((await ctx.push(leadClient, [submit()])).results[0]).toMatchObject({
			status: 'rejected',
			code: 'answer_conflicts_open',
			field: 'args.inspectionId'
		});
		const choose = (itemId: string, answeredBy: string, minute: number) =>
			({
				inspectionId: id,
				itemId,
				officerId: '',
				chosen: { answeredBy, answeredAt: at(minute) }
			}) satisfies MutationArgs<'resolveAnswerConflict'>;
		const byMember = await ctx.push(memberClients[0]!, [memberClients[0]!.mutation('resolveAnswerConflict', choose('A3', lead.userId, 5))]);
		expect(byMember.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
		const wrong = await ctx.push(leadClient, [leadClient.mutation('resolveAnswerConflict', choose('A3', lead.userId, 9))]);
		expect(wrong.results[0]).toMatchObject({ status: 'rejected', code: 'unknown_answer_version', field: 'args.chosen' });
		const none = await ctx.push(leadClient, [leadClient.mutation('resolveAnswerConflict', choose('A5', lead.userId, 5))]);
		expect(none.results[0]).toMatchObject({ status: 'rejected', code: 'not_found', field: 'args.itemId' });

		await pushOk(leadClient, [
			leadClient.mutation('resolveAnswerConflict', choose('A3', lead.userId, 5)),
			leadClient.mutation('resolveAnswerConflict', choose('B1', members[1]!.userId, 2))
		]);
		const answers = await answersOf(id);
		expect(answers.find((a) => a.itemId === 'A3')).toMatchObject({ note: 'trưởng đoàn', answeredBy: lead.userId, answeredAt: at(5) });
		expect(answers.find((a) => a.itemId === 'B1')).toMatchObject({ note: 'thành viên 2', answeredBy: members[1]!.userId });
		expect((await conflictsOf(id)).map((c) => c.resolved)).toEqual([true, true]);

		// Both members took part: one hands in, the other's part never comes and is released.
		const outstanding = await ctx.push(leadClient, [submit()]);
		expect(outstanding.results[0]).toMatchObject({ status: 'rejected', code: 'team_parts_outstanding' });
		expect(outstanding.results[0]?.message).toContain(members[0]!.userId);
		await pushOk(memberClients[0]!, [memberClients[0]!.mutation('handInPart', { inspectionId: id, handedInAt: at(20) })]);
		expect((await ctx.push(leadClient, [submit()])).results[0]).toMatchObject({ code: 'team_parts_outstanding' });
		const release = await ctx.push(leadClient, [
			leadClient.mutation('releaseMember', { inspectionId: id, userId: lead.userId, reason: 'Không cần' }),
			leadClient.mutation('releaseMember', { inspectionId: id, userId: (await account()).userId, reason: 'Không cần' }),
			leadClient.mutation('releaseMember', { inspectionId: id, userId: members[1]!.userId, reason: 'Máy hết pin, đã đọc lại tại chỗ' })
		]);
		expect(release.results).toMatchObject([
			{ status: 'rejected', code: 'invalid' },
			{ status: 'rejected', code: 'not_on_team' },
			{ status: 'applied' }
		]);
		const parts = await ctx.db.selectFrom('team_parts').selectAll().where('inspection_id', '=', id).orderBy('state').execute();
		expect(parts.map((p) => [p.user_id, p.state, p.via, p.reason])).toEqual([
			[members[0]!.userId, 'handed_in', 'server', ''],
			[members[1]!.userId, 'released', null, 'Máy hết pin, đã đọc lại tại chỗ']
		]);
		await pushOk(leadClient, [submit()]);
		// Submitted: a member's late change is a conflict with the record's state.
		const late = await ctx.push(memberClients[0]!, [
			memberClients[0]!.mutation('answerItem', answerArgs(id, 'A4', pass, { basedOn: null }))
		]);
		expect(late.results[0]).toMatchObject({ status: 'conflict', code: 'not_editable' });
	});

	it('a member who writes after handing in opens their part again', async () => {
		const { id, leadClient, memberClients } = await teamRecord(1, { A: 0 });
		const an = memberClients[0]!;
		await pushOk(an, [
			an.mutation('answerItem', answerArgs(id, 'A3', pass, { basedOn: null })),
			an.mutation('handInPart', { inspectionId: id, handedInAt: at(10) }),
			an.mutation('answerItem', answerArgs(id, 'A4', pass, { basedOn: null }))
		]);
		expect((await ctx.push(leadClient, [leadClient.mutation('submitInspection', submitArgs(id))])).results[0]).toMatchObject({
			code: 'team_parts_outstanding'
		});
		await pushOk(an, [an.mutation('handInPart', { inspectionId: id, handedInAt: at(11) })]);
		await pushOk(leadClient, [leadClient.mutation('submitInspection', submitArgs(id))]);
		// The trưởng đoàn has no part to hand in.
		const { id: other, leadClient: lead2 } = await teamRecord(1);
		expect((await ctx.push(lead2, [lead2.mutation('handInPart', { inspectionId: other, handedInAt: at(1) })])).results[0]).toMatchObject({
			status: 'rejected',
			code: 'forbidden'
		});
	});

	it('every team intent applies exactly once: a replayed batch is answered from its receipts', async () => {
		const r = await teamRecord(2, { A: 0, B: 1 });
		const batches = offlineWork(r);
		for (const { client, mutations } of batches) await pushOk(client, mutations);
		const handIn = r.memberClients[0]!.mutation('handInPart', { inspectionId: r.id, handedInAt: at(30) });
		await pushOk(r.memberClients[0]!, [handIn]);
		const before = { changes: await ctx.countChanges(), ...(await outcome(r)) };
		for (const { client, mutations } of batches) await pushOk(client, mutations);
		await pushOk(r.memberClients[0]!, [handIn]);
		expect({ changes: await ctx.countChanges(), ...(await outcome(r)) }).toEqual(before);
	});

	it('a member’s late change voids the signatures given before it (signatures bind content)', async () => {
		const { id, leadClient, memberClients } = await teamRecord(1, { A: 0 });
		const an = memberClients[0]!;
		await pushOk(an, [
			an.mutation('answerItem', answerArgs(id, 'A3', pass, { basedOn: null })),
			an.mutation('handInPart', { inspectionId: id, handedInAt: at(10) })
		]);
		const fingerprint = async () => {
			const row = await ctx.db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
			const officers = await ctx.db.selectFrom('officers').selectAll().where('inspection_id', '=', id).execute();
			const answers = await ctx.db.selectFrom('answers').selectAll().where('inspection_id', '=', id).execute();
			const inspection = { ...(JSON.parse(row.data) as Inspection), status: 'draft' as const };
			return signedContentFingerprint({ inspection, officers: officers.map(officerOf), answers: answers.map(answerOf), findings: [] });
		};
		const sign = async () =>
			leadClient.mutation('signInspection', {
				refused: true,
				inspectionId: id,
				role: 'unit_rep',
				signerName: 'Trần Thị Bình',
				signerPosition: '',
				refusalReason: 'Không đồng ý',
				signedAt: new Date().toISOString(),
				contentFingerprint: await fingerprint()
			});
		await pushOk(leadClient, [await sign()]);
		// After the signature, the member changes an answer in their section (and hands in again).
		await pushOk(an, [
			an.mutation('answerItem', answerArgs(id, 'A3', pass, { note: 'sửa sau khi ký', basedOn: null })),
			an.mutation('handInPart', { inspectionId: id, handedInAt: at(12) })
		]);
		const voided = await ctx.push(leadClient, [leadClient.mutation('submitInspection', submitArgs(id))]);
		expect(voided.results[0]).toMatchObject({ status: 'rejected', code: 'signatures_void' });
		await pushOk(leadClient, [await sign(), leadClient.mutation('submitInspection', submitArgs(id))]);
	});

	it('the team’s state reaches the trưởng đoàn and every team account, never a ward; answers carry their author', async () => {
		const r = await teamRecord(2, { A: 0, B: 1 });
		for (const { client, mutations } of offlineWork(r)) await pushOk(client, mutations);
		await pushOk(r.memberClients[0]!, [r.memberClients[0]!.mutation('handInPart', { inspectionId: r.id, handedInAt: at(30) })]);
		const teamEntities = ['sectionHolding', 'answerConflict', 'teamPart'];
		for (const reader of [r.lead, ...r.members]) {
			const { changes } = await ctx.pullAll(reader);
			const mine = changes.filter((c) => c.data.inspectionId === r.id || c.data.id === r.id);
			expect(new Set(mine.map((c) => c.entity)), reader.role).toEqual(new Set(['inspection', 'answer', ...teamEntities]));
			expect(mine.find((c) => c.entity === 'answer' && c.data.itemId === 'A4')?.data.answeredBy).toBe(r.members[0]!.userId);
		}
		const stranger = await account();
		expect((await ctx.pullAll(stranger)).changes.filter((c) => c.data.inspectionId === r.id)).toEqual([]);

		// Approved and published: the commune reads the answers with their authors, not the team's working state.
		await pushOk(r.leadClient, [
			r.leadClient.mutation('resolveAnswerConflict', {
				inspectionId: r.id,
				itemId: 'A3',
				officerId: '',
				chosen: { answeredBy: r.lead.userId, answeredAt: at(5) }
			}),
			r.leadClient.mutation('resolveAnswerConflict', {
				inspectionId: r.id,
				itemId: 'B1',
				officerId: '',
				chosen: { answeredBy: r.lead.userId, answeredAt: at(2) }
			}),
			r.leadClient.mutation('releaseMember', { inspectionId: r.id, userId: r.members[1]!.userId, reason: 'Không liên lạc được' }),
			r.leadClient.mutation('submitInspection', submitArgs(r.id))
		]);
		const reviewer = ctx.newClient(await account('supervisor'));
		await pushOk(reviewer, [reviewer.mutation('approveInspection', { inspectionId: r.id, comment: '' })]);
		const ward = await account('ward', 1, 4);
		const { changes } = await ctx.pullAll(ward);
		const published = changes.filter((c) => c.data.inspectionId === r.id || c.data.id === r.id);
		expect(published.some((c) => c.entity === 'answer' && c.data.answeredBy === r.lead.userId)).toBe(true);
		expect(published.filter((c) => teamEntities.includes(c.entity))).toEqual([]);
	});
});
