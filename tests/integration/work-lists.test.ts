/**
 * The supervisor's work lists (issue 18, must-show 5) on both databases: the review queue with
 * score, coverage and critical count; filters by status, commune, inspector and date; search by
 * commune name with or without diacritics and by inspector name; overdue findings and fixes
 * awaiting verification; official records only; scoped to the caller's province.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import type { Finding } from '$lib/domain/inspection';
import { inspectionListQuerySchema } from '$lib/domain/protocol/work-lists';
import { Refusal } from '$lib/server/http';
import { findingWorkList, inspectionWorkList } from '$lib/server/reports';
import type { Actor } from '$lib/server/sync';
import { createCaller } from './support/callers';
import { answerArgs, failedAnswerArgs, findingArgs, inspectionArgs, submitArgs, unitPhuongBaDinh } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const unit70 = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const query = (q: Record<string, string>) => inspectionListQuerySchema.parse(q);

describe.each(testDatabases)('work lists on $name', (kind) => {
	const ctx = useSyncContext(kind);

	async function record(actor: Actor, unit: typeof unit70, options: { startedAt?: string; critical?: boolean; deadline?: string } = {}) {
		const client = ctx.newClient(actor);
		const inspection = inspectionArgs({ unit, ...(options.startedAt ? { startedAt: options.startedAt } : {}) });
		const finding: Finding = {
			...findingArgs(inspection.id),
			critical: options.critical ?? false,
			...(options.deadline ? { deadline: options.deadline } : {})
		};
		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('answerItem', failedAnswerArgs(inspection.id)),
			client.mutation('submitInspection', submitArgs(inspection.id, [finding]))
		]);
		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
		return { id: inspection.id, findingId: finding.id };
	}

	async function push(actor: Actor, name: 'approveInspection' | 'returnInspection', inspectionId: string) {
		const client = ctx.newClient(actor);
		const result = (await ctx.push(client, [client.mutation(name, { inspectionId, comment: 'Bổ sung ảnh' })])).results[0];
		expect(result?.status).toBe('applied');
	}

	it('filters, searches and scores the review queue; lists overdue findings and fixes to verify', async () => {
		const tuan = (await createCaller(ctx.db, 'inspector', { provinceCode: 1 }, 'Nguyễn Văn Tuấn')).user;
		const hoa = (await createCaller(ctx.db, 'inspector', { provinceCode: 1 }, 'Lê Thị Hoa')).user;
		const supervisor = (await createCaller(ctx.db, 'supervisor', { provinceCode: 1 })).user;
		const ward = ctx.newActor('ward', { unitCode: 70 });

		const a = await record(tuan, unit70, { critical: true });
		const b = await record(hoa, unitPhuongBaDinh);
		const returned = await record(tuan, unitPhuongBaDinh);
		await push(supervisor, 'returnInspection', returned.id);
		// Visited in January with a January deadline: overdue now.
		const old = await record(hoa, unit70, { startedAt: '2026-01-05T01:30:00.000Z', deadline: '2026-01-31' });
		await push(supervisor, 'approveInspection', old.id);
		const fixed = await record(tuan, unit70);
		await push(supervisor, 'approveInspection', fixed.id);
		const wardClient = ctx.newClient(ward);
		const fix = { findingId: fixed.findingId, eventId: uuidv7(), text: 'Đã niêm yết', photos: [], reportedAt: new Date().toISOString() };
		expect((await ctx.push(wardClient, [wardClient.mutation('reportFix', fix)])).results[0]?.status).toBe('applied');
		// A self-inspection is nobody's work: it never shows in a list.
		const self = await record(tuan, unit70);
		await ctx.db.updateTable('inspections').set({ kind: 'self' }).where('id', '=', self.id).execute();

		const ids = async (q: Record<string, string>) => (await inspectionWorkList(ctx.db, supervisor, query(q))).rows.map((r) => r.id).sort();
		const sorted = (...list: { id: string }[]) => list.map((r) => r.id).sort();

		const queue = await inspectionWorkList(ctx.db, supervisor, query({ status: 'submitted' }));
		expect(queue.rows.map((r) => r.id).sort()).toEqual(sorted(a, b));
		const rowA = queue.rows.find((r) => r.id === a.id)!;
		expect(rowA).toMatchObject({
			unitCode: 70,
			inspectorId: tuan.userId,
			inspectorName: tuan.displayName,
			findings: 1,
			criticalFindings: 1
		});
		// A1 passed and A3 failed out of the slots that apply: some coverage, not all; a score.
		expect(rowA.coverage).toBeGreaterThan(0);
		expect(rowA.coverage).toBeLessThan(1);
		expect(rowA.score).not.toBeNull();
		expect(queue.inspectors.map((i) => i.id)).toEqual(expect.arrayContaining([tuan.userId, hoa.userId]));
		expect(queue.units.some((u) => u.code === 70)).toBe(true);

		expect(await ids({ status: 'returned' })).toEqual(sorted(returned));
		expect(await ids({ unit: '70' })).toEqual(sorted(a, old, fixed));
		expect(await ids({ inspector: hoa.userId })).toEqual(sorted(b, old));
		expect(await ids({ to: '2026-01-31' })).toEqual(sorted(old));
		expect(await ids({ from: '2026-02-01', unit: '70' })).toEqual(sorted(a, fixed));
		// Search: the commune's name with or without its diacritics, or an inspector's name.
		expect(await ids({ q: 'Hoàn Kiếm' })).toEqual(sorted(a, old, fixed));
		expect(await ids({ q: 'hoan kiem' })).toEqual(sorted(a, old, fixed));
		expect(await ids({ q: 'tuan' })).toEqual(sorted(a, returned, fixed));
		// "hoa" alone would also find Hoàn Kiếm: a name is matched anywhere in it.
		expect(await ids({ q: 'LE THI HOA', status: 'submitted' })).toEqual(sorted(b));
		expect(await ids({ q: 'không có ai tên này' })).toEqual([]);

		const overdue = await findingWorkList(ctx.db, supervisor, { list: 'overdue', page: 1 });
		expect(overdue.rows.map((r) => r.id)).toEqual([old.findingId]);
		expect(overdue.rows[0]!.daysOverdue).toBeGreaterThan(0);
		const toVerify = await findingWorkList(ctx.db, supervisor, { list: 'toVerify', page: 1 });
		expect(toVerify.rows.map((r) => r.id)).toEqual([fixed.findingId]);

		// Another province's supervisor sees none of it; a national admin names the province.
		const other = (await createCaller(ctx.db, 'supervisor', { provinceCode: 79 })).user;
		expect((await inspectionWorkList(ctx.db, other, query({}))).rows).toEqual([]);
		expect((await findingWorkList(ctx.db, other, { list: 'toVerify', page: 1 })).rows).toEqual([]);
		await expect(inspectionWorkList(ctx.db, other, query({ province: '1' }))).rejects.toMatchObject({ code: 'outside_own_province' });
		const national = (await createCaller(ctx.db, 'admin', { provinceCode: null })).user;
		await expect(inspectionWorkList(ctx.db, national, query({}))).rejects.toBeInstanceOf(Refusal);
		expect(
			(await inspectionWorkList(ctx.db, national, query({ province: '1', status: 'submitted' }))).rows.map((r) => r.id).sort()
		).toEqual(sorted(a, b));
	});
});
