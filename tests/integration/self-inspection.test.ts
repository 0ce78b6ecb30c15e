/**
 * Self-inspection (tự kiểm tra, issue 16 must-show 9, docs/self-inspection.md) through push and
 * pull, on both databases: a ward writes and submits a record of its own unit, kind 'self'; it
 * cannot for another unit, cannot make an official one, and an inspector cannot make a self one.
 * Nobody else receives it, nobody reviews it, and no report, overdue list or draw counts it.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { drawCandidates } from '$lib/server/plans/draw-candidates';
import { serverFingerprint, verifyRecord } from '$lib/server/records';
import { complianceByCommune, listProvinceInspections, overdueFindings } from '$lib/server/reports';
import type { Actor } from '$lib/server/sync';
import { failedAnswerArgs, findingArgs, inspectionArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const hanoi = { provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
/** Communes of province 1 no other test of this file uses, so each test reads its own figures. */
const unitMeLinh = { code: 9022, name: 'Xã Mê Linh', ...hanoi };
const unitQuangMinh = { code: 8974, name: 'Xã Quang Minh', ...hanoi };
const unitYenLang = { code: 8980, name: 'Xã Yên Lãng', ...hanoi };
const unitTienThang = { code: 8995, name: 'Xã Tiến Thắng', ...hanoi };

/** A visit early in the year with a finding due by the end of January: overdue on any later day. */
const earlyVisit = { startedAt: '2026-01-05T08:30:00.000+07:00' };
const today = '2026-11-20';

describe.each(testDatabases)('self-inspection on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const wardOf = (unit: { code: number }) => ctx.newClient(ctx.newActor('ward', { unitCode: unit.code }));

	async function outcomes(client: TestClient, mutations: ReturnType<TestClient['mutation']>[]) {
		return (await ctx.push(client, mutations)).results.map((r) => `${r.status}/${r.code}`);
	}

	/** A ward's submitted self-inspection of its unit with one failed item and an overdue finding. */
	async function submittedSelf(unit: typeof unitMeLinh, ward = wardOf(unit)) {
		const inspection = inspectionArgs({ unit, kind: 'self', ...earlyVisit });
		const finding = { ...findingArgs(inspection.id), deadline: '2026-01-31' };
		const results = await ctx.push(ward, [
			ward.mutation('createInspection', inspection),
			ward.mutation('answerItem', failedAnswerArgs(inspection.id)),
			ward.mutation('submitInspection', submitArgs(inspection.id, [finding]))
		]);
		expect(results.results).toMatchObject([{ status: 'applied' }, { status: 'applied' }, { status: 'applied' }]);
		return { ward, inspection, finding };
	}

	const pulledIds = async (actor: Actor) =>
		new Set((await ctx.pullAll(actor)).changes.map((c) => String(c.data.inspectionId ?? c.data.id)));

	it('a ward creates and submits a self-inspection of its own unit; it is stored and pulled back as kind self, final once submitted', async () => {
		const { ward, inspection, finding } = await submittedSelf(unitMeLinh);

		const row = await ctx.db
			.selectFrom('inspections')
			.select(['kind', 'status', 'owner_user_id'])
			.where('id', '=', inspection.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ kind: 'self', status: 'submitted', owner_user_id: ward.actor.userId });

		const pulled = await ctx.pullAll(ward.actor);
		const record = pulled.changes.filter((c) => c.entity === 'inspection' && c.data.id === inspection.id).at(-1);
		expect(record?.data).toMatchObject({ kind: 'self', status: 'submitted', unit: { code: unitMeLinh.code } });
		expect(pulled.changes.some((c) => c.entity === 'answer' && c.data.inspectionId === inspection.id)).toBe(true);
		expect(pulled.changes.find((c) => c.entity === 'finding')?.data).toMatchObject({ id: finding.id });

		// The public check of the printed record says it is a self-inspection.
		const fingerprint = await serverFingerprint(ctx.db, inspection.id);
		expect(await verifyRecord(ctx.db, inspection.id, fingerprint!)).toEqual({
			verified: true,
			signaturesCoverContent: true,
			selfInspection: true
		});

		// Submitted is finished: nothing changes it any more.
		const late = await ctx.push(ward, [ward.mutation('answerItem', failedAnswerArgs(inspection.id, 'A2'))]);
		expect(late.results[0]).toMatchObject({ status: 'conflict', code: 'not_editable' });
	});

	it('a ward cannot make a self-inspection of another unit', async () => {
		const ward = wardOf(unitMeLinh);
		const inspection = inspectionArgs({ unit: unitQuangMinh, kind: 'self' });
		const response = await ctx.push(ward, [ward.mutation('createInspection', inspection)]);
		expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden', field: 'args.unit.code' });
		expect(await ctx.db.selectFrom('inspections').select('id').where('id', '=', inspection.id).executeTakeFirst()).toBeUndefined();
	});

	it('a ward cannot make an official record, whether it says so or says nothing', async () => {
		const ward = wardOf(unitMeLinh);
		for (const stated of [{ kind: 'official' as const }, {}]) {
			const response = await ctx.push(ward, [ward.mutation('createInspection', inspectionArgs({ unit: unitMeLinh, ...stated }))]);
			expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden', field: 'args.kind' });
		}
	});

	it("an inspector cannot make a self-inspection; the inspector's record is official", async () => {
		const inspector = ctx.newClient(ctx.newActor('inspector'));
		const refused = inspectionArgs({ unit: unitMeLinh, kind: 'self' });
		const official = inspectionArgs({ unit: unitMeLinh });
		const response = await ctx.push(inspector, [
			inspector.mutation('createInspection', refused),
			inspector.mutation('createInspection', official)
		]);
		expect(response.results).toMatchObject([{ status: 'rejected', code: 'forbidden', field: 'args.kind' }, { status: 'applied' }]);
		const row = await ctx.db.selectFrom('inspections').select('kind').where('id', '=', official.id).executeTakeFirstOrThrow();
		expect(row.kind).toBe('official');
		const pulled = await ctx.pullAll(inspector.actor);
		// The document of an official record does not state its kind (it keeps the fingerprint it always had).
		expect(pulled.changes.find((c) => c.entity === 'inspection' && c.data.id === official.id)?.data).not.toHaveProperty('kind');
	});

	it('nobody else receives it, and supervisors cannot review it: it is in no review queue', async () => {
		const { inspection, finding } = await submittedSelf(unitQuangMinh);
		const supervisor = ctx.newClient(ctx.newActor('supervisor'));
		const admin = ctx.newActor('admin', { provinceCode: null });
		const colleague = ctx.newActor('ward', { unitCode: unitQuangMinh.code });
		for (const actor of [supervisor.actor, admin, ctx.newActor('inspector'), colleague]) {
			expect((await pulledIds(actor)).has(inspection.id)).toBe(false);
		}
		expect(
			await outcomes(supervisor, [
				supervisor.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }),
				supervisor.mutation('returnInspection', { inspectionId: inspection.id, comment: 'Bổ sung' }),
				supervisor.mutation('adjustFinding', { findingId: finding.id, severity: 'critical', comment: '' })
			])
		).toEqual(['rejected/not_found', 'rejected/not_found', 'rejected/not_found']);
		const row = await ctx.db.selectFrom('inspections').select('status').where('id', '=', inspection.id).executeTakeFirstOrThrow();
		expect(row.status).toBe('submitted');
	});

	it('its findings are no remediation findings: the ward cannot report a fix on them', async () => {
		const { ward, finding } = await submittedSelf(unitYenLang);
		const response = await ctx.push(ward, [
			ward.mutation('reportFix', {
				findingId: finding.id,
				eventId: uuidv7(),
				text: 'Đã sửa',
				photos: [],
				reportedAt: new Date().toISOString()
			})
		]);
		expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
	});

	it('reports, the inspection list, the overdue list and draw candidates ignore it', async () => {
		const scope = [unitTienThang.code];
		const drawRequest = { excludeVisitedMonths: 120, handPicks: [] };
		const before = {
			compliance: await complianceByCommune(ctx.db, { provinceCode: 1, quarter: { year: 2026, quarter: 1 }, today }),
			draw: await drawCandidates(ctx.db, 1, scope, drawRequest, today)
		};
		expect(before.draw).toEqual({ candidates: [{ code: String(unitTienThang.code), reason: 'in_scope', note: '' }], excluded: [] });

		const { inspection, finding } = await submittedSelf(unitTienThang);

		const compliance = await complianceByCommune(ctx.db, { provinceCode: 1, quarter: { year: 2026, quarter: 1 }, today });
		const area = (r: typeof compliance) => r.areas.find((a) => a.code === unitTienThang.code);
		expect(area(compliance)).toEqual(area(before.compliance));
		expect(area(compliance)).toMatchObject({ inspections: 0, findings: 0, overdueFindings: 0 });
		expect(compliance.totals).toEqual(before.compliance.totals);

		const overdue = await overdueFindings(ctx.db, { provinceCode: 1, today, limit: 500 });
		expect(overdue.rows.some((r) => r.id === finding.id || r.inspectionId === inspection.id)).toBe(false);

		const list = await listProvinceInspections(ctx.db, { provinceCode: 1, pageSize: 200 });
		expect(list.rows.some((r) => r.id === inspection.id)).toBe(false);

		// Neither a recent visit that spares the unit nor an overdue finding that forces it in.
		expect(await drawCandidates(ctx.db, 1, scope, drawRequest, today)).toEqual(before.draw);
	});
});
