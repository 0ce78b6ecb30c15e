/**
 * Record numbers (issue 13, Must-show 7) on both databases: the server gives each record its
 * final number on approval, in approval order, per issuing body (the province's inspection
 * team) and approval year in Vietnam time; a record keeps its number; two approvals pushed at
 * once get different numbers.
 */
import { describe, expect, it } from 'vitest';
import { vietnamDate } from '$lib/domain/dates';
import type { Inspection } from '$lib/domain/inspection';
import type { Actor } from '$lib/server/sync';
import { deadlineIn, failedAnswerArgs, findingArgs, inspectionArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const unitHanoi = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const unitHcm = { code: 25747, name: 'Phường Thủ Dầu Một', provinceCode: 79, provinceName: 'Thành phố Hồ Chí Minh' };
type Unit = typeof unitHanoi;

describe.each(testDatabases)('record numbers on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const year = Number(vietnamDate().slice(0, 4));

	/** A submitted record of `unit`, by a new inspector of its province. */
	async function submitted(unit: Unit) {
		const inspector = ctx.newClient(ctx.newActor('inspector', { provinceCode: unit.provinceCode }));
		const inspection = inspectionArgs({ unit });
		const finding = { ...findingArgs(inspection.id), deadline: deadlineIn(30) };
		const response = await ctx.push(inspector, [
			inspector.mutation('createInspection', inspection),
			inspector.mutation('answerItem', failedAnswerArgs(inspection.id)),
			inspector.mutation('submitInspection', submitArgs(inspection.id, [finding]))
		]);
		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		return { inspector, id: inspection.id, finding };
	}

	const supervisorOf = (unit: Unit) => ctx.newClient(ctx.newActor('supervisor', { provinceCode: unit.provinceCode }));

	async function review(supervisor: TestClient, name: 'approveInspection' | 'returnInspection', inspectionId: string) {
		const response = await ctx.push(supervisor, [
			supervisor.mutation(name, { inspectionId, comment: name === 'returnInspection' ? 'Bổ sung ghi chú' : '' })
		]);
		return response.results[0]!;
	}

	/** The record as its author pulls it last. */
	async function pulled(actor: Actor, id: string): Promise<Inspection | undefined> {
		const { changes } = await ctx.pullAll(actor);
		return changes.filter((c) => c.entity === 'inspection' && (c.data as Inspection | undefined)?.id === id).at(-1)?.data as
			Inspection | undefined;
	}

	const stored = (id: string) =>
		ctx.db.selectFrom('inspections').select(['record_number', 'record_year', 'data']).where('id', '=', id).executeTakeFirstOrThrow();

	it('numbers 1, 2, 3 in approval order within a province and year; another province starts at 1', async () => {
		const records = [await submitted(unitHanoi), await submitted(unitHanoi), await submitted(unitHanoi)];
		const supervisor = supervisorOf(unitHanoi);
		// Approved in another order than submitted: the number follows approval.
		for (const r of [records[1]!, records[2]!, records[0]!]) {
			expect(await review(supervisor, 'approveInspection', r.id)).toMatchObject({ status: 'applied' });
		}
		const numbers = await Promise.all(records.map(async (r) => (await pulled(r.inspector.actor, r.id))?.recordNumber));
		expect(numbers).toEqual([
			{ number: 3, year },
			{ number: 1, year },
			{ number: 2, year }
		]);
		const row = await stored(records[0]!.id);
		expect([Number(row.record_number), Number(row.record_year)]).toEqual([3, year]);
		expect((JSON.parse(row.data) as Inspection).recordNumber).toEqual({ number: 3, year });

		const other = await submitted(unitHcm);
		expect(await pulled(other.inspector.actor, other.id)).not.toHaveProperty('recordNumber');
		expect(await review(supervisorOf(unitHcm), 'approveInspection', other.id)).toMatchObject({ status: 'applied' });
		expect((await pulled(other.inspector.actor, other.id))?.recordNumber).toEqual({ number: 1, year });

		// The ward receives the number with the published record.
		const ward = ctx.newActor('ward', { provinceCode: 79, unitCode: unitHcm.code });
		expect((await pulled(ward, other.id))?.recordNumber).toEqual({ number: 1, year });
	});

	it('gives no number on return; the record approved after correction gets one, and keeps it', async () => {
		const { inspector, id, finding } = await submitted(unitHcm);
		const supervisor = supervisorOf(unitHcm);
		expect(await review(supervisor, 'returnInspection', id)).toMatchObject({ status: 'applied' });
		expect(await pulled(inspector.actor, id)).not.toHaveProperty('recordNumber');
		const resubmitted = await ctx.push(inspector, [inspector.mutation('submitInspection', submitArgs(id, [finding]))]);
		expect(resubmitted.results[0]).toMatchObject({ status: 'applied' });
		expect(await review(supervisor, 'approveInspection', id)).toMatchObject({ status: 'applied' });
		const first = (await pulled(inspector.actor, id))?.recordNumber;
		expect(first).toEqual({ number: expect.any(Number), year });

		// A second approval is refused and neither changes the number nor uses one up.
		expect(await review(supervisorOf(unitHcm), 'approveInspection', id)).toMatchObject({ status: 'conflict' });
		expect((await pulled(inspector.actor, id))?.recordNumber).toEqual(first);
		const next = await submitted(unitHcm);
		expect(await review(supervisor, 'approveInspection', next.id)).toMatchObject({ status: 'applied' });
		expect((await pulled(next.inspector.actor, next.id))?.recordNumber).toEqual({ number: first!.number + 1, year });
	});

	it('gives different numbers to two approvals pushed at once', async () => {
		const a = await submitted(unitHanoi);
		const b = await submitted(unitHanoi);
		const [ra, rb] = await Promise.all([
			review(supervisorOf(unitHanoi), 'approveInspection', a.id),
			review(supervisorOf(unitHanoi), 'approveInspection', b.id)
		]);
		expect([ra.status, rb.status]).toEqual(['applied', 'applied']);
		const na = (await pulled(a.inspector.actor, a.id))?.recordNumber?.number;
		const nb = (await pulled(b.inspector.actor, b.id))?.recordNumber?.number;
		expect(na).toBeGreaterThan(0);
		expect(nb).toBeGreaterThan(0);
		expect(Math.abs(na! - nb!)).toBe(1);
	});
});
