import { describe, expect, it } from 'vitest';
import { answerArgs, failedAnswerArgs, findingArgs, inspectionArgs, officerArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

describe.each(testDatabases)('domain rules on $name', (kind) => {
	const ctx = useSyncContext(kind);

	async function draftBy(client: TestClient) {
		const inspection = inspectionArgs();
		const officer = officerArgs(inspection.id);
		const response = await ctx.push(client, [client.mutation('createInspection', inspection), client.mutation('addOfficer', officer)]);
		expect(response.results.every((r) => r.status === 'applied')).toBe(true);
		return { inspection, officer };
	}

	it("an inspector cannot change another inspector's inspection", async () => {
		const owner = ctx.newClient();
		const { inspection, officer } = await draftBy(owner);
		const intruder = ctx.newClient();
		const changes = await ctx.countChanges();

		const response = await ctx.push(intruder, [
			intruder.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			intruder.mutation('updateInspectionHeader', { inspectionId: inspection.id, patch: { basis: 'giả mạo' } }),
			intruder.mutation('removeOfficer', { inspectionId: inspection.id, officerId: officer.id }),
			intruder.mutation('submitInspection', submitArgs(inspection.id))
		]);

		// Answered as for a record that does not exist: the intruder may not even learn that it does (docs/secrecy.md).
		expect(response.results.map((r) => [r.status, r.code])).toEqual(Array(4).fill(['rejected', 'not_found']));
		expect(response.lastAppliedSeq).toBe(4);
		expect(await ctx.countChanges()).toBe(changes);
		const row = await ctx.db.selectFrom('inspections').select(['status', 'data']).where('id', '=', inspection.id).executeTakeFirstOrThrow();
		expect(row.status).toBe('draft');
		expect(JSON.parse(row.data).basis).toBe(inspection.basis);
	});

	it('only inspectors create inspections', async () => {
		const supervisor = ctx.newClient(ctx.newActor('supervisor'));
		const response = await ctx.push(supervisor, [supervisor.mutation('createInspection', inspectionArgs())]);
		expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
	});

	it('creating an inspection whose id exists is a conflict that changes nothing, alone or after another change', async () => {
		const client = ctx.newClient();
		const { inspection } = await draftBy(client);
		const stored = () => ctx.db.selectFrom('inspections').selectAll().where('id', '=', inspection.id).executeTakeFirstOrThrow();
		const changes = () => ctx.db.selectFrom('changes').select(['version', 'entity', 'data']).orderBy('version').execute();
		const [rowBefore, changesBefore] = [await stored(), await changes()];

		const again = await ctx.push(client, [client.mutation('createInspection', { ...inspection, basis: 'Ghi đè' })]);
		expect(again.results[0]).toMatchObject({ status: 'conflict', code: 'already_exists', field: 'args.id' });
		expect(await stored()).toEqual(rowBefore);
		expect(await changes()).toEqual(changesBefore);

		// Between two applied mutations of one push: theirs are numbered as if it had not been there.
		const other = inspectionArgs();
		const mixed = await ctx.push(client, [
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('createInspection', { ...inspection, basis: 'Ghi đè' }),
			client.mutation('createInspection', other)
		]);
		expect(mixed.results.map((r) => r.code ?? r.status)).toEqual(['applied', 'already_exists', 'applied']);
		expect(await stored()).toMatchObject({ data: rowBefore.data });
		const added = (await changes()).slice(changesBefore.length);
		expect(added.map((c) => c.entity)).toEqual(['answer', 'inspection']);
		expect(added[1]!.version).toBe(added[0]!.version + 1);
		expect(JSON.parse(added[1]!.data).id).toBe(other.id);
	});

	it('a new id created twice in one push, with answers after each: the second creation and nothing of it is taken', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('createInspection', { ...inspection, basis: 'Ghi đè' }),
			client.mutation('answerItem', answerArgs(inspection.id, 'A2'))
		]);
		expect(response.results.map((r) => r.code ?? r.status)).toEqual(['applied', 'applied', 'already_exists', 'applied']);
		const row = await ctx.db.selectFrom('inspections').select('data').where('id', '=', inspection.id).executeTakeFirstOrThrow();
		expect(JSON.parse(row.data)).toMatchObject({ basis: inspection.basis });
		const answers = await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', inspection.id).execute();
		expect(answers.map((a) => a.item_id).sort()).toEqual(['A1', 'A2']);
	});

	it('nothing changes after submitInspection', async () => {
		const client = ctx.newClient();
		const { inspection, officer } = await draftBy(client);
		const findings = [findingArgs(inspection.id, 'A1'), findingArgs(inspection.id, 'B2')];
		const submitted = await ctx.push(client, [
			client.mutation('answerItem', failedAnswerArgs(inspection.id, 'A1')),
			client.mutation('answerItem', failedAnswerArgs(inspection.id, 'B2')),
			client.mutation('submitInspection', submitArgs(inspection.id, findings))
		]);
		expect(submitted.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		const changes = await ctx.countChanges();

		const later = await ctx.push(client, [
			client.mutation('updateInspectionHeader', { inspectionId: inspection.id, patch: { recommendations: 'thêm' } }),
			client.mutation('addOfficer', officerArgs(inspection.id)),
			client.mutation('updateOfficer', { ...officer, name: 'Tên khác' }),
			client.mutation('removeOfficer', { inspectionId: inspection.id, officerId: officer.id }),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('removePhoto', { inspectionId: inspection.id, photoId: officer.id }),
			client.mutation('setFindingDraft', { inspectionId: inspection.id, itemId: 'A1', recommendation: 'x', deadline: '2026-02-01' }),
			client.mutation('signInspection', {
				refused: true,
				inspectionId: inspection.id,
				role: 'unit_rep',
				signerName: 'Trần Thị Bình',
				signerPosition: '',
				refusalReason: 'Không đồng ý kết luận',
				signedAt: new Date().toISOString()
			}),
			client.mutation('submitInspection', submitArgs(inspection.id))
		]);

		expect(later.results.every((r) => r.status === 'conflict' && r.code === 'not_editable')).toBe(true);
		expect(later.results[0]).toMatchObject({ field: 'args.inspectionId', message: expect.stringContaining('submitted') });
		expect(later.lastAppliedSeq).toBe(submitted.lastAppliedSeq + 9);
		expect(await ctx.countChanges()).toBe(changes);
		const row = await ctx.db.selectFrom('inspections').selectAll().where('id', '=', inspection.id).executeTakeFirstOrThrow();
		expect(row.status).toBe('submitted');
		expect(row.submitted_at).not.toBeNull();
		const stored = await ctx.db.selectFrom('findings').select('id').where('inspection_id', '=', inspection.id).execute();
		expect(stored.map((f) => f.id).sort()).toEqual(findings.map((f) => f.id).sort());
	});

	it('a returned inspection is editable again, and resubmitting replaces its findings', async () => {
		const client = ctx.newClient();
		const { inspection } = await draftBy(client);
		const first = findingArgs(inspection.id, 'A1');
		await ctx.push(client, [
			client.mutation('answerItem', failedAnswerArgs(inspection.id, 'A1')),
			client.mutation('submitInspection', submitArgs(inspection.id, [first]))
		]);
		// Review intents come in a later issue; the supervisor's "return" is simulated here.
		await ctx.db.updateTable('inspections').set({ status: 'returned' }).where('id', '=', inspection.id).execute();
		const { cursor } = await ctx.pullAll(client.actor);

		const second = findingArgs(inspection.id, 'B1');
		const response = await ctx.push(client, [
			client.mutation('updateInspectionHeader', { inspectionId: inspection.id, patch: { recommendations: 'Bổ sung' } }),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('answerItem', failedAnswerArgs(inspection.id, 'B1')),
			client.mutation('submitInspection', submitArgs(inspection.id, [second]))
		]);

		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
		const { changes } = await ctx.pullAll(client.actor, { cursor });
		expect(changes[0]).toMatchObject({ entity: 'inspection', data: { status: 'returned', recommendations: 'Bổ sung' } });
		expect(changes.filter((c) => c.entity === 'finding').map((c) => [c.op, c.entityId])).toEqual([
			['delete', first.id],
			['upsert', second.id]
		]);
		expect(changes.at(-1)).toMatchObject({ entity: 'inspection', op: 'upsert', data: { status: 'submitted' } });
	});

	it('answers for an officer who is not on the inspection are rejected', async () => {
		const client = ctx.newClient();
		const { inspection } = await draftBy(client);
		const other = await draftBy(client);
		const response = await ctx.push(client, [
			client.mutation('answerItem', answerArgs(inspection.id, 'C6', { kind: 'pass', result: 'pass' }, { officerId: other.officer.id }))
		]);
		expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'not_found', field: 'args.officerId' });
	});
});
