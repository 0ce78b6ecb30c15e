import { describe, expect, it } from 'vitest';
import { pullChanges } from '$lib/server/sync';
import { answerArgs, failedAnswerArgs, inspectionArgs, jpegImage, officerArgs, photoArgs } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

describe.each(testDatabases)('sync pull on $name', (kind) => {
	const ctx = useSyncContext(kind);

	it('pages through changes in version order and sends tombstones for deletes', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const officer = officerArgs(inspection.id);
		const image = jpegImage();
		await ctx.upload(image);
		const photo = photoArgs(inspection.id, image, { officerId: officer.id });
		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('addOfficer', officer),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('answerItem', failedAnswerArgs(inspection.id, 'C6', { officerId: officer.id })),
			client.mutation('attachPhoto', photo),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1', null)), // cleared
			client.mutation('removeOfficer', { inspectionId: inspection.id, officerId: officer.id })
		]);
		expect(response.results.every((r) => r.status === 'applied')).toBe(true);

		const pages = [];
		let cursor = 0;
		for (;;) {
			const page = await pullChanges(ctx.db, client.actor, { cursor, limit: 3, clientId: client.clientId });
			pages.push(page);
			expect(page.cursor).toBeGreaterThanOrEqual(cursor);
			cursor = page.cursor;
			if (!page.hasMore) break;
		}
		const changes = pages.flatMap((p) => p.changes);

		expect(pages.slice(0, -1).every((p) => p.changes.length === 3)).toBe(true);
		expect(pages.at(-1)?.lastAppliedSeq).toBe(7);
		const versions = changes.map((c) => c.version);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(changes.map((c) => [c.entity, c.op])).toEqual([
			['inspection', 'upsert'],
			['officer', 'upsert'],
			['answer', 'upsert'],
			['answer', 'upsert'],
			['photo', 'upsert'],
			['answer', 'delete'],
			['answer', 'delete'],
			['photo', 'delete'],
			['officer', 'delete']
		]);
		expect(changes[5]?.data).toEqual({ inspectionId: inspection.id, itemId: 'A1', officerId: '' });
		expect(changes[6]?.data).toEqual({ inspectionId: inspection.id, itemId: 'C6', officerId: officer.id });
		expect(changes[7]?.data).toEqual({ id: photo.id, inspectionId: inspection.id });
		expect(changes[8]?.data).toEqual({ id: officer.id, inspectionId: inspection.id });
		expect(changes[0]?.data).toMatchObject({ id: inspection.id, status: 'draft', createdBy: client.actor.userId });

		const again = await pullChanges(ctx.db, client.actor, { cursor });
		expect(again).toMatchObject({ changes: [], hasMore: false, cursor });
	});

	it("an inspector pulls only their own inspections' changes", async () => {
		const mine = ctx.newClient();
		const theirs = ctx.newClient();
		const a = inspectionArgs();
		const b = inspectionArgs();
		await ctx.push(mine, [mine.mutation('createInspection', a)]);
		await ctx.push(theirs, [theirs.mutation('createInspection', b)]);

		const { changes } = await ctx.pullAll(mine.actor);
		expect(changes.map((c) => c.entityId)).toEqual([a.id]);
	});

	it("supervisors and admins pull their province's records; a ward never pulls a draft", async () => {
		// The full role × record matrix is in authorization.test.ts; this is the protocol's view.
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		await ctx.push(client, [client.mutation('createInspection', inspection)]);
		for (const role of ['admin', 'supervisor'] as const) {
			const own = await ctx.pullAll(ctx.newActor(role, { provinceCode: 1 }));
			expect(own.changes.map((c) => c.entityId)).toContain(inspection.id);
			const other = await ctx.pullAll(ctx.newActor(role, { provinceCode: 79 }));
			expect(other.changes).toEqual([]);
		}
		const { changes } = await ctx.pullAll(ctx.newActor('ward', { provinceCode: 1, unitCode: 4 }));
		expect(changes).toEqual([]);
	});

	it("moves a supervisor's cursor past rows of others when there is nothing more to send, never an inspector's", async () => {
		const supervisor = ctx.newActor('supervisor', { provinceCode: 79 });
		const mine = ctx.newClient();
		await ctx.push(mine, [mine.mutation('createInspection', inspectionArgs())]);
		const { cursor } = await ctx.pullAll(mine.actor);
		const { cursor: supervisorCursor } = await ctx.pullAll(supervisor);
		const theirs = ctx.newClient();
		await ctx.push(theirs, [theirs.mutation('createInspection', inspectionArgs())]);

		// Province 79 has no records: the supervisor's cursor skips the new row all the same.
		const overseen = await pullChanges(ctx.db, supervisor, { cursor: supervisorCursor });
		expect(overseen.changes).toEqual([]);
		expect(overseen.cursor).toBeGreaterThan(supervisorCursor);
		// The inspector's stays: a cursor that moved would tell them the server wrote something.
		const page = await pullChanges(ctx.db, mine.actor, { cursor });
		expect(page.changes).toEqual([]);
		expect(page.cursor).toBe(cursor);
	});

	it("refuses to report another user's client", async () => {
		const client = ctx.newClient();
		await ctx.push(client, [client.mutation('createInspection', inspectionArgs())]);
		await expect(pullChanges(ctx.db, ctx.newInspector(), { clientId: client.clientId })).rejects.toMatchObject({ status: 403 });
		expect((await pullChanges(ctx.db, client.actor, { clientId: client.clientId })).lastAppliedSeq).toBe(1);
	});
});
