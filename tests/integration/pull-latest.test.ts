/**
 * Pull far behind (issue 21, must-show 5): a page holds only the latest change of each row, the
 * device ends in exactly the state a full replay gives, whatever commits between its pages; pages
 * stay within their row and byte bounds; a ward still sees only what was published; a device
 * that had rows still receives their tombstones. The thresholds are turned down so a few rows
 * take the far-behind path.
 */
import { describe, expect, it } from 'vitest';
import { pullChanges, pullPageBody, type Actor, type PulledChange, type PullOptions } from '$lib/server/sync';
import { answerArgs, failedAnswerArgs, findingArgs, inspectionArgs, itemIdAt, officerArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const farBehind: PullOptions = { latestOnlyBehind: 0 };
const unit70 = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };

type Rows = Map<string, PulledChange>;
const keyOf = (c: PulledChange) => `${c.entity}\u0000${c.entityId}`;

/** What a device holds after applying these changes in order (a tombstone removes the row). */
function apply(rows: Rows, changes: readonly PulledChange[]): Rows {
	for (const c of changes) {
		if (c.op === 'delete') rows.delete(keyOf(c));
		else rows.set(keyOf(c), c);
	}
	return rows;
}

describe.each(testDatabases)('pull far behind on $name', (kind) => {
	const ctx = useSyncContext(kind);

	async function expectApplied(client: TestClient, mutations: unknown[]) {
		const response = await ctx.push(client, mutations);
		expect(response.results.filter((r) => r.status !== 'applied')).toEqual([]);
	}

	/** A record with two officers and six answers, three answered again, one cleared, one officer removed. */
	async function editedRecord(client: TestClient, unit = inspectionArgs().unit) {
		const inspection = inspectionArgs({ unit });
		const officers = [officerArgs(inspection.id), officerArgs(inspection.id, { name: 'Phạm Thị Dung', order: 1 })];
		await expectApplied(client, [
			client.mutation('createInspection', inspection),
			...officers.map((o) => client.mutation('addOfficer', o)),
			...[0, 1, 2, 3, 4, 5].map((i) => client.mutation('answerItem', answerArgs(inspection.id, itemIdAt(i)))),
			...[0, 2, 4].map((i) => client.mutation('answerItem', answerArgs(inspection.id, itemIdAt(i), undefined, { note: 'Sửa lại' }))),
			client.mutation('answerItem', answerArgs(inspection.id, itemIdAt(5), null)),
			client.mutation('removeOfficer', { inspectionId: inspection.id, officerId: officers[1]!.id })
		]);
		return inspection;
	}

	/** Every page from `cursor`, with `between(n)` run after the n-th page. */
	async function pages(actor: Actor, cursor: number, options: PullOptions & { limit?: number }, between?: (n: number) => Promise<void>) {
		const out: Awaited<ReturnType<typeof pullChanges>>[] = [];
		for (;;) {
			const page = await pullChanges(ctx.db, actor, { cursor, limit: options.limit }, options);
			out.push(page);
			expect(page.cursor).toBeGreaterThanOrEqual(cursor);
			cursor = page.cursor;
			await between?.(out.length);
			if (!page.hasMore) return { pages: out, cursor };
		}
	}

	/** The rows a full replay of every change from 0 leaves (the far-behind path turned off). */
	async function replayed(actor: Actor): Promise<Rows> {
		const { changes } = await ctx.pullAll(actor);
		return apply(new Map(), changes);
	}

	it("a first pull gets each row's latest change once, however many times it was written, while another writer commits between pages", async () => {
		const inspector = ctx.newClient();
		const records = [await editedRecord(inspector), await editedRecord(inspector), await editedRecord(inspector)];
		const history = await ctx.countChanges();
		const supervisor = ctx.newActor('supervisor');
		const touched = new Set<string>();
		const late = inspectionArgs();

		const pulled = await pages(supervisor, 0, { ...farBehind, limit: 5 }, async (n) => {
			if (n === 1) {
				// A row the pull has sent (the first record's first answer) and one it has not yet (the last record's).
				await expectApplied(inspector, [
					inspector.mutation('answerItem', failedAnswerArgs(records[0]!.id, itemIdAt(0))),
					inspector.mutation('answerItem', failedAnswerArgs(records[2]!.id, itemIdAt(1)))
				]);
				for (const r of [records[0]!, records[2]!]) touched.add(`answer\u0000${r.id}/${itemIdAt(r === records[0] ? 0 : 1)}/`);
			}
			if (n === 3) {
				await expectApplied(inspector, [
					inspector.mutation('createInspection', late),
					inspector.mutation('answerItem', answerArgs(records[1]!.id, itemIdAt(2), null))
				]);
				touched.add(`inspection\u0000${late.id}`);
				touched.add(`answer\u0000${records[1]!.id}/${itemIdAt(2)}/`);
			}
		});
		const changes = pulled.pages.flatMap((p) => p.changes);

		// Exactly the state a full replay leaves, versions included.
		expect(apply(new Map(), changes)).toEqual(await replayed(supervisor));
		// No row twice, except those written during the pull (once before, once after).
		const seen = new Map<string, number>();
		for (const c of changes) seen.set(keyOf(c), (seen.get(keyOf(c)) ?? 0) + 1);
		for (const [key, count] of seen) expect(count, key).toBeLessThanOrEqual(touched.has(key) ? 2 : 1);
		expect(changes.length).toBeLessThan(history);
		// Pages within their bound, in version order.
		expect(pulled.pages.every((p) => p.changes.length <= 5)).toBe(true);
		const versions = changes.map((c) => c.version);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(new Set(versions).size).toBe(versions.length);
		// The last page leaves the supervisor at the counter: nothing more to send.
		expect(await pullChanges(ctx.db, supervisor, { cursor: pulled.cursor }, farBehind)).toMatchObject({ changes: [], hasMore: false });
	});

	it('bounds each page by the bytes of its rows as well as by their number', async () => {
		const inspector = ctx.newClient();
		await editedRecord(inspector);
		const maxPageBytes = 700;
		const { pages: all } = await pages(inspector.actor, 0, { ...farBehind, limit: 1000, maxPageBytes });
		expect(all.length).toBeGreaterThan(2);
		for (const page of all) {
			const bytes = page.changes.reduce((sum, c) => sum + Buffer.byteLength(JSON.stringify(c.data)), 0);
			if (page.changes.length > 1) expect(bytes).toBeLessThanOrEqual(maxPageBytes);
		}
		expect(
			apply(
				new Map(),
				all.flatMap((p) => p.changes)
			)
		).toEqual(await replayed(inspector.actor));
	});

	it('writes the page body from the stored rows, the same JSON as the parsed page', async () => {
		const inspector = ctx.newClient();
		await editedRecord(inspector);
		for (const options of [{}, farBehind]) {
			const request = { cursor: 0, limit: 7, clientId: inspector.clientId };
			const { body } = await pullPageBody(ctx.db, inspector.actor, request, options);
			expect(JSON.parse(body)).toEqual(await pullChanges(ctx.db, inspector.actor, request, options));
		}
	});

	it('a ward far behind still receives only what approval published, as a full replay would', async () => {
		const inspector = ctx.newClient(ctx.newActor('inspector'));
		const supervisor = ctx.newClient(ctx.newActor('supervisor'));
		const ward = ctx.newActor('ward', { unitCode: 70 });
		const inspection = await editedRecord(inspector, unit70);
		const draft = await editedRecord(inspector, unit70);
		await expectApplied(inspector, [
			inspector.mutation('answerItem', failedAnswerArgs(inspection.id, 'A3')),
			inspector.mutation('submitInspection', submitArgs(inspection.id, [findingArgs(inspection.id)]))
		]);
		await expectApplied(supervisor, [supervisor.mutation('approveInspection', { inspectionId: inspection.id, comment: 'Đồng ý' })]);

		const { pages: all } = await pages(ward, 0, { ...farBehind, limit: 4 });
		const changes = all.flatMap((p) => p.changes);
		expect(apply(new Map(), changes)).toEqual(await replayed(ward));
		expect(changes.some((c) => c.entity === 'finding')).toBe(true);
		expect(changes.filter((c) => c.entity === 'findingDraft' || c.entity === 'inspectionEvent')).toEqual([]);
		expect(changes.filter((c) => c.data.inspectionId === draft.id || c.entityId === draft.id)).toEqual([]);
		const [published] = await ctx.db.selectFrom('inspections').select('published_version').where('id', '=', inspection.id).execute();
		expect(changes.every((c) => c.version >= Number(published!.published_version))).toBe(true);
	});

	it('a device that was behind receives the tombstones of rows it had', async () => {
		const inspector = ctx.newClient();
		const inspection = inspectionArgs();
		const officer = officerArgs(inspection.id);
		await expectApplied(inspector, [
			inspector.mutation('createInspection', inspection),
			inspector.mutation('addOfficer', officer),
			inspector.mutation('answerItem', answerArgs(inspection.id, 'A1'))
		]);
		const before = await pages(inspector.actor, 0, { limit: 100 });
		const device = apply(
			new Map(),
			before.pages.flatMap((p) => p.changes)
		);
		expect(device.size).toBe(3);

		// Away for a while: the rows it had are removed, and much else is written.
		await expectApplied(inspector, [
			inspector.mutation('answerItem', answerArgs(inspection.id, 'A1', null)),
			inspector.mutation('removeOfficer', { inspectionId: inspection.id, officerId: officer.id })
		]);
		await editedRecord(inspector);

		const { pages: after } = await pages(inspector.actor, before.cursor, { ...farBehind, limit: 3 });
		const changes = after.flatMap((p) => p.changes);
		expect(changes.filter((c) => c.op === 'delete').map((c) => c.entity)).toEqual(expect.arrayContaining(['answer', 'officer']));
		expect(apply(device, changes)).toEqual(await replayed(inspector.actor));
		expect(device.has(`officer\u0000${officer.id}`)).toBe(false);
	});
});
