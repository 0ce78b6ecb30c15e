/**
 * Review and remediation (issue 5) through push and pull, on both databases: the whole flow from
 * a submitted record to a verified finding, and every illegal step refused with a reason.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import type { MutationArgs } from '$lib/domain/protocol';
import type { Actor } from '$lib/server/sync';
import { complianceByCommune, overdueFindings } from '$lib/server/reports';
import { answerArgs, failedAnswerArgs, findingArgs, inspectionArgs, jpegImage, photoArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const unit70 = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };

describe.each(testDatabases)('review and remediation on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const device = (actor: Actor) => ctx.newClient(actor);

	async function pushOne(client: TestClient, mutation: ReturnType<TestClient['mutation']>) {
		const response = await ctx.push(client, [mutation]);
		return response.results[0]!;
	}

	/** A submitted record in commune 70 with one finding, by a new inspector of province 1. */
	async function submitted() {
		const inspector = device(ctx.newActor('inspector'));
		// A visit early in the year, so its finding is overdue on the report days below.
		const inspection = inspectionArgs({ unit: unit70, startedAt: '2026-01-05T08:30:00.000+07:00' });
		const finding = { ...findingArgs(inspection.id), deadline: '2026-01-31' };
		const response = await ctx.push(inspector, [
			inspector.mutation('createInspection', inspection),
			inspector.mutation('answerItem', failedAnswerArgs(inspection.id)),
			inspector.mutation('submitInspection', submitArgs(inspection.id, [finding]))
		]);
		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		return { inspector, inspection, finding };
	}

	const fixArgs = (findingId: string, photos: MutationArgs<'reportFix'>['photos'] = []): MutationArgs<'reportFix'> => ({
		findingId,
		eventId: uuidv7(),
		text: 'Đã niêm yết bổ sung 3 thủ tục',
		photos,
		reportedAt: new Date().toISOString()
	});

	it("a supervisor on the visit's team does not review its record; another supervisor of the province does", async () => {
		const inspector = device(ctx.newActor('inspector'));
		// Accounts picked for a team carry their id (a UUID); this one is on the team.
		const teamSupervisor = { ...ctx.newActor('supervisor'), userId: uuidv7() };
		const inspection = inspectionArgs({
			// Another commune: the flows below read commune 70's records.
			unit: { code: 4, name: 'Phường Ba Đình', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
			team: [
				{ name: 'Nguyễn Văn An', role: 'truong_doan', position: '', organisation: '' },
				{ name: 'Trần Thu Hà', role: 'thanh_vien', position: '', organisation: '', userId: teamSupervisor.userId }
			]
		});
		const response = await ctx.push(inspector, [
			inspector.mutation('createInspection', inspection),
			inspector.mutation('answerItem', failedAnswerArgs(inspection.id)),
			inspector.mutation('submitInspection', submitArgs(inspection.id, [findingArgs(inspection.id)]))
		]);
		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

		const own = device(teamSupervisor);
		const refused = { status: 'rejected', code: 'forbidden' };
		expect(await pushOne(own, own.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }))).toMatchObject(refused);
		expect(
			await pushOne(own, own.mutation('returnInspection', { inspectionId: inspection.id, comment: 'Thiếu ảnh minh chứng' }))
		).toMatchObject(refused);
		const other = device(ctx.newActor('supervisor'));
		expect(await pushOne(other, other.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }))).toMatchObject({
			status: 'applied'
		});
	});

	it('submitted → returned → corrected → approved → ward pulls → fix reported → verified', async () => {
		const { inspector, inspection, finding } = await submitted();
		const supervisor = device(ctx.newActor('supervisor'));
		const ward = device(ctx.newActor('ward', { unitCode: 70 }));

		expect(
			await pushOne(supervisor, supervisor.mutation('returnInspection', { inspectionId: inspection.id, comment: 'Bổ sung ghi chú mục A2' }))
		).toMatchObject({ status: 'applied' });
		const returned = await ctx.pullAll(inspector.actor);
		expect(returned.changes.find((c) => c.entity === 'inspectionEvent')?.data).toMatchObject({
			kind: 'returned',
			comment: 'Bổ sung ghi chú mục A2'
		});
		expect(returned.changes.filter((c) => c.entity === 'inspection').at(-1)?.data).toMatchObject({ status: 'returned' });

		const corrected = await ctx.push(inspector, [
			inspector.mutation('answerItem', answerArgs(inspection.id, 'A2', undefined, { note: 'Đã bổ sung' })),
			inspector.mutation('submitInspection', submitArgs(inspection.id, [finding]))
		]);
		expect(corrected.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		expect(
			await pushOne(
				supervisor,
				supervisor.mutation('adjustFinding', { findingId: finding.id, severity: 'critical', deadline: '2026-03-31', comment: '' })
			)
		).toMatchObject({ status: 'applied' });
		expect(
			await pushOne(supervisor, supervisor.mutation('approveInspection', { inspectionId: inspection.id, comment: 'Đồng ý' }))
		).toMatchObject({ status: 'applied' });

		const published = await ctx.pullAll(ward.actor);
		expect(published.changes.find((c) => c.entity === 'inspection')?.data).toMatchObject({ id: inspection.id, status: 'approved' });
		expect(published.changes.find((c) => c.entity === 'finding')?.data).toMatchObject({
			id: finding.id,
			status: 'open',
			critical: true,
			deadline: '2026-03-31'
		});
		// The review history stays with the reviewers and the inspector.
		expect(published.changes.some((c) => c.entity === 'inspectionEvent' || c.entity === 'findingEvent')).toBe(false);

		const image = jpegImage();
		const { inspectionId: _i, itemId: _t, officerId: _o, ...photo } = photoArgs(inspection.id, image);
		const report = ward.mutation('reportFix', fixArgs(finding.id, [photo]));
		expect(await pushOne(ward, report)).toMatchObject({ status: 'deferred', code: 'missing_blob', field: 'args.photos.0.sha256' });
		await ctx.upload(image);
		expect(await pushOne(ward, report)).toMatchObject({ status: 'applied' });

		const verifier = device(ctx.newActor('inspector'));
		expect(
			await pushOne(verifier, verifier.mutation('verifyFix', { findingId: finding.id, eventId: uuidv7(), comment: 'Đạt' }))
		).toMatchObject({ status: 'applied' });

		const after = await ctx.pullAll(ward.actor, { cursor: published.cursor });
		expect(after.changes.filter((c) => c.entity === 'findingEvent').map((c) => (c.data as { kind: string }).kind)).toEqual([
			'fixReported',
			'verified'
		]);
		expect(after.changes.filter((c) => c.entity === 'finding').at(-1)?.data).toMatchObject({ status: 'verified' });
		const events = await ctx.db
			.selectFrom('finding_events')
			.select(['kind', 'actor_user_id'])
			.where('finding_id', '=', finding.id)
			.orderBy('version')
			.execute();
		expect(events).toEqual([
			{ kind: 'adjusted', actor_user_id: supervisor.actor.userId },
			{ kind: 'fixReported', actor_user_id: ward.actor.userId },
			{ kind: 'verified', actor_user_id: verifier.actor.userId }
		]);
		const row = await ctx.db.selectFrom('findings').select('status').where('id', '=', finding.id).executeTakeFirstOrThrow();
		expect(row.status).toBe('verified');
		// The inspector who wrote the record sees the finding's history too.
		const own = await ctx.pullAll(inspector.actor);
		expect(own.changes.filter((c) => c.entity === 'findingEvent')).toHaveLength(3);
	});

	it("the reviewer's corrective action and detail are stored on the finding and its event, and reach the ward as resubmitted", async () => {
		const { inspector, inspection, finding } = await submitted();
		const supervisor = device(ctx.newActor('supervisor'));
		const text = { recommendation: 'Niêm yết lại đủ 3 thủ tục còn thiếu trước 31/3/2026', detail: 'Thiếu 3 thủ tục trên bảng niêm yết' };
		expect(
			await pushOne(supervisor, supervisor.mutation('adjustFinding', { findingId: finding.id, ...text, comment: 'Ghi rõ việc cần làm' }))
		).toMatchObject({ status: 'applied' });
		const row = await ctx.db
			.selectFrom('findings')
			.select(['recommendation', 'detail'])
			.where('id', '=', finding.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual(text);

		// The inspector's device learns the reviewer's text from the finding and the event it keeps.
		await pushOne(supervisor, supervisor.mutation('returnInspection', { inspectionId: inspection.id, comment: 'Sửa lại' }));
		const pulled = await ctx.pullAll(inspector.actor);
		expect(pulled.changes.find((c) => c.entity === 'findingEvent')?.data).toMatchObject({
			kind: 'adjusted',
			...text,
			comment: 'Ghi rõ việc cần làm'
		});
		const own = pulled.changes.filter((c) => c.entity === 'finding' && (c.data as { id: string }).id === finding.id);
		expect(own.at(-1)?.data).toMatchObject(text);

		// A resubmission that puts other words in place of the reviewer's is refused, naming the field.
		const overwritten = await ctx.push(inspector, [
			inspector.mutation('submitInspection', submitArgs(inspection.id, [{ ...finding, ...text, recommendation: 'Khắc phục sau' }]))
		]);
		expect(overwritten.results[0]).toMatchObject({
			status: 'rejected',
			code: 'reviewer_adjustment_changed',
			field: 'args.findings.0.recommendation'
		});
		const stillReturned = await ctx.db.selectFrom('inspections').select('status').where('id', '=', inspection.id).executeTakeFirstOrThrow();
		expect(stillReturned.status).toBe('returned');
		// Resubmitted with the reviewer's text (finalize-findings.ts), approved: the ward reads it.
		const resubmitted = await ctx.push(inspector, [
			inspector.mutation('submitInspection', submitArgs(inspection.id, [{ ...finding, ...text }]))
		]);
		expect(resubmitted.results[0]).toMatchObject({ status: 'applied' });
		await pushOne(supervisor, supervisor.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }));
		const ward = device(ctx.newActor('ward', { unitCode: 70 }));
		const published = await ctx.pullAll(ward.actor);
		const ours = published.changes.filter((c) => c.entity === 'finding' && (c.data as { id: string }).id === finding.id);
		expect(ours.at(-1)?.data).toMatchObject({ ...text, status: 'open' });
	});

	it('an adjustment out of bounds is refused with the field and changes nothing', async () => {
		const { finding } = await submitted();
		const supervisor = device(ctx.newActor('supervisor'));
		const adjust = (args: Partial<MutationArgs<'adjustFinding'>>) =>
			pushOne(supervisor, supervisor.mutation('adjustFinding', { findingId: finding.id, comment: '', ...args }));
		expect(await adjust({ recommendation: 'x'.repeat(5001) })).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			field: 'args.recommendation'
		});
		expect(await adjust({ recommendation: '  ' })).toMatchObject({ status: 'rejected', code: 'invalid', field: 'args.recommendation' });
		expect(await adjust({ detail: 'x'.repeat(5001) })).toMatchObject({ status: 'rejected', code: 'invalid', field: 'args.detail' });
		// The visit was on 5/1/2026: at most 366 days later.
		expect(await adjust({ deadline: '2027-01-07', recommendation: 'Niêm yết lại' })).toMatchObject({
			status: 'rejected',
			code: 'deadline_too_far',
			field: 'args.deadline'
		});
		expect(await adjust({ deadline: '2026-01-04' })).toMatchObject({ status: 'rejected', code: 'deadline_before_visit' });
		const row = await ctx.db
			.selectFrom('findings')
			.select(['recommendation', 'detail', 'deadline'])
			.where('id', '=', finding.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ recommendation: finding.recommendation, detail: finding.detail, deadline: finding.deadline });
		expect(await ctx.db.selectFrom('finding_events').select('id').where('finding_id', '=', finding.id).execute()).toEqual([]);
	});

	it("a reported or verified fix leaves the supervisor's overdue reports; reopening puts it back", async () => {
		const { inspection, finding } = await submitted();
		const supervisor = device(ctx.newActor('supervisor'));
		const ward = device(ctx.newActor('ward', { unitCode: 70 }));
		expect(await pushOne(supervisor, supervisor.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }))).toMatchObject(
			{ status: 'applied' }
		);
		// The deadline (2026-01-31) has passed on this day.
		const today = '2026-12-03';
		const overdue = async () => {
			const list = await overdueFindings(ctx.db, { provinceCode: 1, today, limit: 500 });
			const report = await complianceByCommune(ctx.db, { provinceCode: 1, quarter: { year: 2026, quarter: 4 }, today });
			return { listed: list.rows.some((r) => r.id === finding.id), commune70: report.areas.find((a) => a.code === 70)!.overdueFindings };
		};
		const before = await overdue();
		expect(before.listed).toBe(true);

		expect(await pushOne(ward, ward.mutation('reportFix', fixArgs(finding.id)))).toMatchObject({ status: 'applied' });
		expect(await overdue()).toEqual({ listed: false, commune70: before.commune70 - 1 });

		expect(
			await pushOne(supervisor, supervisor.mutation('reopenFinding', { findingId: finding.id, eventId: uuidv7(), reason: 'Ảnh chưa rõ' }))
		).toMatchObject({ status: 'applied' });
		expect(await overdue()).toEqual(before);
	});

	it('every illegal transition is refused with a clear reason, and a replay changes nothing', async () => {
		const supervisor = device(ctx.newActor('supervisor'));
		const wardOf70 = device(ctx.newActor('ward', { unitCode: 70 }));
		const wardOf4 = device(ctx.newActor('ward', { unitCode: 4 }));
		const { inspector, inspection, finding } = await submitted();
		const refusals: [TestClient, ReturnType<TestClient['mutation']>, string, string][] = [];
		const expectRefused = async (client: TestClient, mutation: ReturnType<TestClient['mutation']>, status: string, code: string) => {
			const before = await ctx.countChanges();
			const result = await pushOne(client, mutation);
			expect(result).toMatchObject({ status, code });
			expect(result.message, `${mutation.name} needs a reason`).toMatch(/\S{3,}/);
			expect(await ctx.countChanges()).toBe(before);
			refusals.push([client, mutation, status, code]);
		};

		await expectRefused(
			wardOf70,
			wardOf70.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }),
			'rejected',
			'forbidden'
		);
		await expectRefused(
			inspector,
			inspector.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }),
			'rejected',
			'forbidden'
		);
		const draft = inspectionArgs({ unit: unit70 });
		expect(await pushOne(inspector, inspector.mutation('createInspection', draft))).toMatchObject({ status: 'applied' });
		await expectRefused(
			supervisor,
			supervisor.mutation('approveInspection', { inspectionId: draft.id, comment: '' }),
			'conflict',
			'not_editable'
		);

		expect(await pushOne(supervisor, supervisor.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }))).toMatchObject(
			{ status: 'applied' }
		);
		await expectRefused(
			supervisor,
			supervisor.mutation('returnInspection', { inspectionId: inspection.id, comment: 'Muộn' }),
			'conflict',
			'not_editable'
		);
		await expectRefused(wardOf4, wardOf4.mutation('reportFix', fixArgs(finding.id)), 'rejected', 'forbidden');

		expect(await pushOne(wardOf70, wardOf70.mutation('reportFix', fixArgs(finding.id)))).toMatchObject({ status: 'applied' });
		await expectRefused(
			inspector,
			inspector.mutation('verifyFix', { findingId: finding.id, eventId: uuidv7(), comment: '' }),
			'rejected',
			'forbidden'
		);
		expect(
			await pushOne(supervisor, supervisor.mutation('verifyFix', { findingId: finding.id, eventId: uuidv7(), comment: '' }))
		).toMatchObject({ status: 'applied' });
		await expectRefused(wardOf70, wardOf70.mutation('reportFix', fixArgs(finding.id)), 'conflict', 'not_editable');

		// Replays: each refusal and each applied intent answers the same and changes nothing.
		for (const [client, mutation, status, code] of refusals) {
			const before = await ctx.countChanges();
			expect(await pushOne(client, mutation)).toMatchObject({ status, code });
			expect(await ctx.countChanges()).toBe(before);
		}
	});

	it('a replay of each applied intent changes nothing', async () => {
		const supervisor = device(ctx.newActor('supervisor'));
		const ward = device(ctx.newActor('ward', { unitCode: 70 }));
		const first = await submitted();
		const second = await submitted();
		const applied = [
			[supervisor, supervisor.mutation('returnInspection', { inspectionId: first.inspection.id, comment: 'Sửa lại' })],
			[supervisor, supervisor.mutation('adjustFinding', { findingId: second.finding.id, severity: 'normal', comment: '' })],
			[supervisor, supervisor.mutation('approveInspection', { inspectionId: second.inspection.id, comment: '' })],
			[ward, ward.mutation('reportFix', fixArgs(second.finding.id))],
			[supervisor, supervisor.mutation('reopenFinding', { findingId: second.finding.id, eventId: uuidv7(), reason: 'Chưa đạt' })],
			[ward, ward.mutation('reportFix', fixArgs(second.finding.id))],
			[supervisor, supervisor.mutation('verifyFix', { findingId: second.finding.id, eventId: uuidv7(), comment: '' })]
		] as const;
		for (const [client, mutation] of applied) expect(await pushOne(client, mutation)).toMatchObject({ status: 'applied' });
		const before = await ctx.countChanges();
		for (const [client, mutation] of applied) expect(await pushOne(client, mutation)).toMatchObject({ status: 'applied' });
		expect(await ctx.countChanges()).toBe(before);
		const row = await ctx.db.selectFrom('findings').select('status').where('id', '=', second.finding.id).executeTakeFirstOrThrow();
		expect(row.status).toBe('verified');
	});
});
