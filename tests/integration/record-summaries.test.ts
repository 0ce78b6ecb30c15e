/**
 * Per-record summaries (issue 18, must-show 7; migration 024, docs/reports.md "Summaries") on
 * both databases: after a seeded random series of real intents through push — submit, return and
 * resubmit with other answers, adjust, approve, report a fix, verify, reopen, ask for and grant
 * an extension — the summaries the handlers kept equal a full recount from the source rows, row
 * for row, and so do the periodic reports read from them. The same series (plus a ward's
 * self-inspection with overdue findings) checks the open findings per commune (migration 025):
 * kept by the handlers, they equal a recount, and the national roll-up read from them equals
 * the direct count over every finding it replaced, for days that split the deadlines differently.
 */
import { describe, expect, it } from 'vitest';
import { addDays, vietnamDate } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import type { Finding } from '$lib/domain/inspection';
import type { ReportPeriod } from '$lib/domain/reports';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import {
	buildPeriodReport,
	complianceByProvince,
	ensureSummaries,
	quarterOf,
	recountOpenFindings,
	recountSummaries
} from '$lib/server/reports';
import { defaultTemplate } from '$lib/templates';
import { answerArgs, answerValue, failedAnswerArgs, findingArgs, inspectionArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const UNITS = [
	{ code: 4, name: 'Phường Ba Đình', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
	{ code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' }
];
/** Pass/fail items of the sections a factory record turns on, one answer per record (no per-officer items). */
const ITEMS = defaultTemplate.sections
	.filter((s) => s.enabledByDefault)
	.flatMap((s) => s.items.filter((i) => !i.perOfficer && i.kind === 'pass').map((i) => ({ id: i.id, sectionId: s.id })));

/** Small seeded PRNG, so a failure replays. */
function random(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/**
 * Overdue findings per province as the national roll-up counted them before migration 025: every
 * finding past its deadline, waiting for a fix, of a reported official record, joined with it.
 */
async function overdueBySourceRows(db: Kysely<Database>, today: string) {
	const rows = await db
		.selectFrom('findings as f')
		.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
		.select((eb) => ['i.province_code as area', eb.fn.countAll<number>().as('overdue'), eb.fn.min('f.deadline').as('oldest')])
		.where('f.deadline', '<', today)
		.where('f.status', 'in', ['open', 'reopened'])
		.where('i.status', 'in', ['submitted', 'approved'])
		.where('i.kind', '=', 'official')
		.groupBy('i.province_code')
		.execute();
	return new Map(rows.map((r) => [Number(r.area), { overdueFindings: Number(r.overdue), oldestOverdue: String(r.oldest) }]));
}

describe.each(testDatabases)('record summaries on $name', (kind) => {
	const ctx = useSyncContext(kind);

	it('kept by the handlers through a random series of events, they equal a full recount, and so do the reports', async () => {
		const rand = random(18);
		const today = vietnamDate();
		const inspector = ctx.newClient(ctx.newActor('inspector'));
		const supervisor = ctx.newClient(ctx.newActor('supervisor'));
		const verifier = ctx.newClient(ctx.newActor('inspector'));
		const wards = new Map(UNITS.map((u) => [u.code, ctx.newClient(ctx.newActor('ward', { unitCode: u.code }))]));
		let applied = 0;
		const push = async (client: TestClient, name: string, args: unknown) => {
			const { results } = await ctx.push(client, [client.mutation(name as never, args as never)]);
			if (results[0]!.status === 'applied') applied += 1;
			return results[0]!.status;
		};

		interface Visit {
			id: string;
			unitCode: number;
			day: string;
			failed: Set<string>;
			status: 'submitted' | 'returned' | 'approved';
		}
		const visits: Visit[] = [];

		/** The findings as stored (with the reviewer's adjustments), plus one per newly failed item. */
		async function findingsFor(visit: Visit): Promise<Finding[]> {
			const stored = await ctx.db.selectFrom('findings').selectAll().where('inspection_id', '=', visit.id).execute();
			const byItem = new Map(stored.map((f) => [f.item_id, f]));
			return [...visit.failed].map((itemId) => {
				const f = byItem.get(itemId);
				const sectionId = ITEMS.find((i) => i.id === itemId)!.sectionId;
				return {
					id: f?.id ?? uuidv7(),
					inspectionId: visit.id,
					itemId,
					sectionId,
					title: f?.title ?? `Không đạt mục ${itemId}`,
					detail: f?.detail ?? 'Không đạt',
					officerIds: [],
					critical: f ? Number(f.critical) === 1 : rand.next() < 0.3,
					legal: [],
					recommendation: f?.recommendation ?? 'Khắc phục',
					deadline: f?.deadline ?? addDays(visit.day, 3 + rand.int(90))
				};
			});
		}

		async function submit(visit: Visit) {
			const status = await push(inspector, 'submitInspection', {
				inspectionId: visit.id,
				endedAt: new Date().toISOString(),
				findings: await findingsFor(visit)
			});
			expect(status, `submit ${visit.id}`).toBe('applied');
			visit.status = 'submitted';
		}

		// Twelve visits between September and now, each with six answers, some failed.
		for (let n = 0; n < 12; n++) {
			const day = addDays(today, -(5 + rand.int(80)));
			const unit = rand.pick(UNITS);
			const args = inspectionArgs({ unit, startedAt: `${day}T09:00:00.000+07:00` });
			await push(inspector, 'createInspection', args);
			const visit: Visit = { id: args.id, unitCode: unit.code, day, failed: new Set(), status: 'submitted' };
			for (let k = 0; k < 6; k++) {
				const item = rand.pick(ITEMS);
				const result = rand.next() < 0.35 ? 'fail' : 'pass';
				await push(inspector, 'answerItem', answerArgs(visit.id, item.id, answerValue(item.id, result)));
				if (result === 'fail') visit.failed.add(item.id);
				else visit.failed.delete(item.id);
			}
			await submit(visit);
			visits.push(visit);
		}

		for (let step = 0; step < 60; step++) {
			const visit = rand.pick(visits);
			const findings = await ctx.db
				.selectFrom('findings')
				.select(['id', 'status', 'deadline'])
				.where('inspection_id', '=', visit.id)
				.execute();
			const finding = findings.length > 0 ? rand.pick(findings) : null;
			const ward = wards.get(visit.unitCode)!;
			const eventId = uuidv7();
			if (visit.status === 'submitted') {
				const choice = rand.int(3);
				if (choice === 0 && (await push(supervisor, 'approveInspection', { inspectionId: visit.id, comment: '' })) === 'applied')
					visit.status = 'approved';
				if (choice === 1 && (await push(supervisor, 'returnInspection', { inspectionId: visit.id, comment: 'Sửa' })) === 'applied')
					visit.status = 'returned';
				if (choice === 2 && finding)
					await push(supervisor, 'adjustFinding', {
						findingId: finding.id,
						severity: rand.pick(['critical', 'normal']),
						deadline: addDays(visit.day, 1 + rand.int(120)),
						comment: ''
					});
			} else if (visit.status === 'returned') {
				// Another answer, failed or passed, then the resubmission.
				const item = rand.pick(ITEMS);
				const result = rand.next() < 0.5 ? 'fail' : 'pass';
				await push(inspector, 'answerItem', answerArgs(visit.id, item.id, answerValue(item.id, result)));
				if (result === 'fail') visit.failed.add(item.id);
				else visit.failed.delete(item.id);
				await submit(visit);
			} else if (finding) {
				const choice = rand.int(4);
				if (choice === 0)
					await push(ward, 'reportFix', {
						findingId: finding.id,
						eventId,
						text: 'Đã khắc phục',
						photos: [],
						reportedAt: new Date().toISOString()
					});
				if (choice === 1) await push(verifier, 'verifyFix', { findingId: finding.id, eventId, comment: '' });
				if (choice === 2) await push(supervisor, 'reopenFinding', { findingId: finding.id, eventId, reason: 'Chưa đạt' });
				if (choice === 3) {
					const deadline = addDays(finding.deadline, 1 + rand.int(20));
					if (
						(await push(ward, 'requestExtension', { findingId: finding.id, eventId, deadline, reason: 'Cần thêm thời gian' })) === 'applied'
					)
						await push(supervisor, 'grantExtension', {
							findingId: finding.id,
							eventId: uuidv7(),
							requestId: eventId,
							deadline,
							comment: ''
						});
				}
			}
		}
		// The series did exercise the handlers: most intents were applied, fixes among them.
		expect(applied).toBeGreaterThan(100);
		const events = await ctx.db.selectFrom('finding_events').select('kind').execute();
		expect(new Set(events.map((e) => e.kind))).toEqual(
			new Set(['adjusted', 'fixReported', 'verified', 'reopened', 'extensionRequested', 'extensionGranted'])
		);

		// A ward's self-inspection with findings long overdue: never counted in the roll-up.
		for (const unit of UNITS) {
			const ward = wards.get(unit.code)!;
			const self = inspectionArgs({ unit, kind: 'self', startedAt: `${addDays(today, -60)}T08:00:00.000+07:00` });
			const finding = { ...findingArgs(self.id), deadline: addDays(today, -50) };
			await push(ward, 'createInspection', self);
			await push(ward, 'answerItem', failedAnswerArgs(self.id));
			expect(await push(ward, 'submitInspection', submitArgs(self.id, [finding]))).toBe('applied');
		}

		// The national roll-up's overdue counts, read from the open findings the handlers kept, equal
		// the direct count over the source rows: today, and days that split the deadlines otherwise.
		const sourceFindings = await ctx.db
			.selectFrom('findings as f')
			.innerJoin('inspections as i', 'i.id', 'f.inspection_id')
			.select(['f.status', 'f.deadline', 'i.kind', 'i.status as recordStatus'])
			.execute();
		const counted = sourceFindings.filter(
			(f) => f.kind === 'official' && (f.recordStatus === 'submitted' || f.recordStatus === 'approved')
		);
		// Not vacuous: every kind of finding the definition tells apart is there.
		expect(new Set(counted.map((f) => f.status))).toEqual(new Set(['open', 'reopened', 'fixReported', 'verified']));
		const open = counted.filter((f) => f.status === 'open' || f.status === 'reopened');
		expect(open.some((f) => f.deadline < today)).toBe(true);
		expect(open.some((f) => f.deadline >= today)).toBe(true);
		expect(sourceFindings.some((f) => f.kind === 'self' && f.deadline < today)).toBe(true);
		const keptOpen = await ctx.db.selectFrom('unit_open_findings').selectAll().orderBy('unit_code').execute();
		const days = [today, addDays(today, -30), addDays(today, 40), addDays(today, 400), addDays(today, -400)];
		for (const day of days) {
			const reference = await overdueBySourceRows(ctx.db, day);
			const fast = await complianceByProvince(ctx.db, { quarter: quarterOf(new Date(`${today}T12:00:00+07:00`)), today: day });
			for (const area of fast.areas)
				expect({ day, code: area.code, overdueFindings: area.overdueFindings, oldestOverdue: area.oldestOverdue }).toEqual({
					day,
					code: area.code,
					...(reference.get(area.code) ?? { overdueFindings: 0, oldestOverdue: null })
				});
			expect(fast.totals.overdueFindings).toBe([...reference.values()].reduce((n, r) => n + r.overdueFindings, 0));
		}
		expect((await overdueBySourceRows(ctx.db, today)).get(1)!.overdueFindings).toBeGreaterThan(0);
		await recountOpenFindings(ctx.db);
		expect(await ctx.db.selectFrom('unit_open_findings').selectAll().orderBy('unit_code').execute()).toEqual(keptOpen);

		// Every submitted record got its summary from the handlers, none from the report's backfill.
		expect(await ensureSummaries(ctx.db, { provinceCode: 1, unitCode: null })).toBe(0);

		const periods: ReportPeriod[] = [
			{ kind: 'year', year: Number(today.slice(0, 4)) },
			{ kind: 'custom', start: addDays(today, -90), end: today }
		];
		const readAll = async () => {
			const rows = await ctx.db.selectFrom('record_summaries').selectAll().orderBy('inspection_id').execute();
			const reports = [];
			for (const period of periods) {
				reports.push(await buildPeriodReport(ctx.db, supervisor.actor, { period, today }));
				reports.push(await buildPeriodReport(ctx.db, supervisor.actor, { period, today, unitCode: 4 }));
				reports.push(await buildPeriodReport(ctx.db, wards.get(70)!.actor, { period, today }));
			}
			return {
				rows: rows.map(({ updated_at: _u, ...row }) => ({ ...row, score: row.score === null ? null : Number(row.score) })),
				reports: reports.map(({ generatedAt: _g, ...report }) => report)
			};
		};
		const kept = await readAll();
		await recountSummaries(ctx.db);
		const recounted = await readAll();
		expect(kept.rows).toHaveLength(visits.length + UNITS.length);
		expect(kept.rows).toEqual(recounted.rows);
		expect(kept.reports).toEqual(recounted.reports);
		// The reports read the summaries, not the answers: with every answer gone they do not change.
		await ctx.db.deleteFrom('answers').execute();
		expect((await readAll()).reports).toEqual(kept.reports);
		// Not vacuous: the reports count these visits, their findings and fixes.
		expect(kept.reports[0]!.totals.done).toBeGreaterThan(0);
		expect(kept.reports[0]!.totals.findings).toBeGreaterThan(0);
	});
});
