import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { answerArgs, inspectionArgs, officerArgs } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

describe.each(testDatabases)('sync push on $name', (kind) => {
	const ctx = useSyncContext(kind);

	it('applies a batch in order, records changes and reports the last applied seq', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const before = await ctx.countChanges();

		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('addOfficer', officerArgs(inspection.id))
		]);

		expect(response.results.map((r) => [r.seq, r.status])).toEqual([
			[1, 'applied'],
			[2, 'applied'],
			[3, 'applied']
		]);
		expect(response.lastAppliedSeq).toBe(3);
		expect(await ctx.countChanges()).toBe(before + 3);
		const stored = await ctx.db.selectFrom('inspections').selectAll().where('id', '=', inspection.id).executeTakeFirstOrThrow();
		expect(stored).toMatchObject({ status: 'draft', owner_user_id: client.actor.userId, unit_code: 4, province_code: 1 });
		// The device's createdBy is replaced by the user who pushed it.
		expect(JSON.parse(stored.data)).toMatchObject({ createdBy: client.actor.userId, status: 'draft', endedAt: null });
	});

	it('replaying a pushed batch changes nothing: same results, no new change rows', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const batch = [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('answerItem', answerArgs(inspection.id, 'A2', { kind: 'bogus' } as never))
		];
		const first = await ctx.push(client, batch);
		const changes = await ctx.countChanges();
		const receipts = await ctx.db.selectFrom('mutation_receipts').selectAll().where('client_id', '=', client.clientId).execute();

		const replay = await ctx.push(client, batch);

		expect(replay).toEqual(first);
		expect(await ctx.countChanges()).toBe(changes);
		expect(await ctx.db.selectFrom('mutation_receipts').selectAll().where('client_id', '=', client.clientId).execute()).toEqual(receipts);
	});

	it('refuses a gap in the sequence and makes later mutations wait for the missing seq', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const create = client.mutation('createInspection', inspection);
		const lost = client.mutation('answerItem', answerArgs(inspection.id, 'A1'));
		const third = client.mutation('answerItem', answerArgs(inspection.id, 'A2'));
		const fourth = client.mutation('answerItem', answerArgs(inspection.id, 'A3'));
		await ctx.push(client, [create]);
		const changes = await ctx.countChanges();

		const response = await ctx.push(client, [third, fourth]);

		expect(response.results).toEqual([
			expect.objectContaining({ seq: 3, status: 'deferred', code: 'seq_gap', field: 'seq', message: expect.stringMatching(/seq 2/i) }),
			expect.objectContaining({ seq: 4, status: 'deferred', code: 'waiting_for_seq', message: expect.stringMatching(/seq 2/i) })
		]);
		expect(response.lastAppliedSeq).toBe(1);
		expect(await ctx.countChanges()).toBe(changes);

		// Once the missing one arrives, the same queue drains.
		const resend = await ctx.push(client, [lost, third, fourth]);
		expect(resend.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		expect(resend.lastAppliedSeq).toBe(4);
	});

	it('refuses a seq already used by another mutation without consuming anything', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		await ctx.push(client, [client.mutation('createInspection', inspection)]);
		const impostor = { ...client.mutation('answerItem', answerArgs(inspection.id, 'A1')), mutationId: uuidv7(), seq: 1 };

		const response = await ctx.push(client, [impostor]);

		expect(response.results).toEqual([expect.objectContaining({ seq: 1, status: 'deferred', code: 'seq_reused' })]);
		expect(response.lastAppliedSeq).toBe(1);
	});

	it('a rejected mutation does not block the next one', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const create = client.mutation('createInspection', inspection);
		const bad = client.mutation('addOfficer', officerArgs(inspection.id, { name: '   ' }));
		const response = await ctx.push(client, [create, bad, client.mutation('answerItem', answerArgs(inspection.id, 'A1'))]);

		expect(response.results[1]).toEqual({
			mutationId: bad.mutationId,
			seq: 2,
			status: 'rejected',
			code: 'invalid',
			field: 'args.name',
			message: 'name_required'
		});
		expect(response.results[2]).toMatchObject({ seq: 3, status: 'applied' });
		expect(response.lastAppliedSeq).toBe(3);
	});

	it('rejects a mutation that is not an object of a known intent, naming the field and the known intents', async () => {
		const client = ctx.newClient();
		const response = await ctx.push(client, [
			{ mutationId: uuidv7(), seq: 1, schemaVersion: 1, createdAt: new Date().toISOString(), name: 'deleteEverything', args: {} }
		]);
		expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'invalid', field: 'name' });
		expect(response.results[0]?.message).toMatch(/createInspection/);
		expect(response.lastAppliedSeq).toBe(1);
	});

	it('keeps a mutation from a newer app waiting instead of rejecting it', async () => {
		const client = ctx.newClient();
		const future = { ...client.mutation('createInspection', inspectionArgs()), schemaVersion: 99 };
		const response = await ctx.push(client, [future]);
		expect(response.results[0]).toMatchObject({ status: 'deferred', code: 'schema_too_new' });
		expect(response.lastAppliedSeq).toBe(0);
	});

	it('applies a batch sent out of order in seq order', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const create = client.mutation('createInspection', inspection);
		const answer = client.mutation('answerItem', answerArgs(inspection.id, 'A1'));
		const response = await ctx.push(client, [answer, create]);
		expect(response.results.map((r) => [r.seq, r.status])).toEqual([
			[1, 'applied'],
			[2, 'applied']
		]);
	});

	it('refuses a client id that another user already pushed with', async () => {
		const client = ctx.newClient();
		await ctx.push(client, [client.mutation('createInspection', inspectionArgs())]);
		const thief = Object.assign(ctx.newClient(), { clientId: client.clientId });
		await expect(ctx.push(thief, [thief.mutation('createInspection', inspectionArgs())])).rejects.toMatchObject({
			status: 403,
			code: 'client_of_another_user'
		});
	});

	it('changes only the header fields a patch sends', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs({ basis: 'Kế hoạch 12', address: '25 Liễu Giai', positionNote: 'GPS tắt' });
		await ctx.push(client, [client.mutation('createInspection', inspection)]);
		// As the device sends it: only the changed key.
		const patch = client.mutation('updateInspectionHeader', { inspectionId: inspection.id, patch: { basis: 'Kế hoạch 13' } });
		expect((await ctx.push(client, [patch])).results[0]?.status).toBe('applied');

		const row = await ctx.db.selectFrom('inspections').select('data').where('id', '=', inspection.id).executeTakeFirstOrThrow();
		expect(JSON.parse(row.data)).toMatchObject({ basis: 'Kế hoạch 13', address: '25 Liễu Giai', positionNote: 'GPS tắt' });
	});
});
