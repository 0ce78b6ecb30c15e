/**
 * The citizen's voice in the reports (issue 19, must-shows 5 and 6: "report aggregates equal a
 * hand-computed fixture") on both databases. Records, findings, interviews and feedback-point
 * responses are written straight into the tables, so every date and answer is the one the numbers
 * below were computed from by hand; the averages are also checked against `summarizeResponses`
 * over the same responses, the contract's own definition.
 *
 * Hà Nội, Q3 2026 against Q2 2026, default questionnaire (TC: Q1 Q2, TT: Q3, CC: Q5 Q6, KQ: Q8,
 * PA: Q10 are its scale questions):
 * - Ba Đình: approved record R1 (1 July 06:30 in Hanoi, still 30 June in UTC) with three
 *   interviews and findings on a TC and a CC item; submitted R2 with one interview and a TC
 *   finding; a draft with an interview and a CC finding and a record of 1 October 00:30 (Q4) with
 *   an interview, neither counted. Point: 12 responses in Q3 (the first at 00:00 on 1 July in
 *   Hanoi), 5 of a flood, and 10 in Q2 (the last at 23:00 on 30 June in Hanoi).
 * - Hoàn Kiếm: approved record R4 in Q2 with two interviews and a TC finding; 3 point responses in
 *   Q3 (a small sample).
 */
import readExcelFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { SMALL_SAMPLE, summarizeResponses, questionnaireSchema, type Response } from '$lib/domain/questionnaire';
import { exportColumns } from '$lib/domain/exports';
import { uuidv7 } from '$lib/domain/ids';
import { documentText, reportDocument } from '$lib/domain/report-document';
import { periodRange, type PeriodReport } from '$lib/domain/reports';
import { buildPeriodReport, unitNames } from '$lib/server/reports';
import { catchUpPointDays, forgetPointDays, voiceSums } from '$lib/server/reports/citizen-voice';
import type { Actor } from '$lib/server/sync';
import defaultQuestionnaire from '$lib/templates/questionnaire-2026-v1.json';
import { defaultTemplate } from '$lib/templates';
import { GET as getExport } from '../../src/routes/api/exports/[dataset]/+server';
import { GET as getReport } from '../../src/routes/api/reports/+server';
import { parseCsv } from './support/csv-parse';
import { insertFinding, insertRecord } from './support/report-rows';
import { routeResponse } from './support/route-calls';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const BA_DINH = 4;
const HOAN_KIEM = 70;
const T = '2026-01-01T00:00:00.000Z';
const questionnaire = questionnaireSchema.parse(defaultQuestionnaire);
const itemOf = (factor: string) => {
	const section = defaultTemplate.sections.find((s) => s.items.some((i) => i.sipas === factor))!;
	return { sectionId: section.id, item: section.items.find((i) => i.sipas === factor)! };
};

// The answers, by hand. Respondent means per factor are in the comments.
const r1Interviews: Response['answers'][] = [
	{ Q1: 5, Q2: 4, Q3: 4, Q5: 5, Q6: 5, Q8: 4, Q10: 3, Q11: 'Cảm ơn chị Lan' }, // TC 4.5, TT 4, CC 5, KQ 4, PA 3
	{ Q1: 3, Q5: 2, Q6: 3, Q7: 'yes' }, // TC 3, CC 2.5
	{ Q4: 'no', Q9: 'yes' } // a respondent with no scale answer
];
const r2Interviews: Response['answers'][] = [{ Q1: 4, Q2: 4, Q3: 2 }]; // TC 4, TT 2
const r4Interviews: Response['answers'][] = [{ Q1: 2 }, { Q1: 4, Q2: 5 }]; // TC 2, TC 4.5
const baDinhPointQ3: Response['answers'][] = [
	...Array.from({ length: 10 }, () => ({ Q1: 4, Q5: 5 })), // TC 4, CC 5
	{ Q1: 5, Q2: 2 }, // TC 3.5
	{ Q1: 5, Q2: 2 }
];
const baDinhPointQ2: Response['answers'][] = Array.from({ length: 10 }, () => ({ Q1: 3 }));
const hoanKiemPointQ3: Response['answers'][] = [{ Q1: 2 }, { Q1: 3 }, { Q3: 5 }];
const summary = (answers: Response['answers'][]) =>
	summarizeResponses(answers.map((a) => ({ questionnaire, response: { answers: a, facts: {} } })));

describe.each(testDatabases)('the citizen’s voice in the reports on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });
	const supervisor = ctx.newActor('supervisor');

	async function record(unitCode: number, startedAt: string, status: string, interviews: Response['answers'][], failed: string[]) {
		const id = uuidv7();
		await insertRecord(ctx.db, { id, unitCode, startedAt, status });
		for (const factor of failed) {
			const { sectionId, item } = itemOf(factor);
			await insertFinding(ctx.db, { id: uuidv7(), inspectionId: id, item, sectionId, deadline: '2026-12-31', status: 'open' });
		}
		for (const answers of interviews)
			await ctx.db
				.insertInto('interviews')
				.values({
					id: uuidv7(),
					inspection_id: id,
					questionnaire_id: questionnaire.id,
					questionnaire_version: questionnaire.version,
					answers: JSON.stringify(answers),
					facts: '{}',
					taken_at: new Date(startedAt).toISOString(),
					taken_by: 'inspector-1',
					version: 1,
					updated_at: T
				})
				.execute();
	}

	async function pointResponses(unitCode: number, receivedHour: string, list: Response['answers'][], flood: string | null = null) {
		for (const answers of list)
			await ctx.db
				.insertInto('feedback_responses')
				.values({
					id: uuidv7(),
					submission_id: uuidv7(),
					point_id: `point-${unitCode}`,
					unit_code: unitCode,
					province_code: HA_NOI,
					questionnaire_id: questionnaire.id,
					questionnaire_version: questionnaire.version,
					answers: JSON.stringify(answers),
					facts: '{}',
					received_hour: receivedHour,
					flood
				})
				.execute();
	}

	async function fixture() {
		await record(BA_DINH, '2026-07-01T06:30:00+07:00', 'approved', r1Interviews, ['TC', 'CC']);
		await record(BA_DINH, '2026-08-10T09:00:00+07:00', 'submitted', r2Interviews, ['TC']);
		await record(BA_DINH, '2026-08-20T09:00:00+07:00', 'draft', [{ Q1: 1 }], ['CC']);
		await record(BA_DINH, '2026-10-01T00:30:00+07:00', 'approved', [{ Q1: 1 }], []);
		await record(HOAN_KIEM, '2026-05-05T09:00:00+07:00', 'approved', r4Interviews, ['TC']);
		// 00:00 on 1 July in Hanoi is 17:00 on 30 June in UTC: Q3. The hour before it is Q2.
		await pointResponses(BA_DINH, '2026-06-30T17:00:00.000Z', baDinhPointQ3.slice(0, 1));
		await pointResponses(BA_DINH, '2026-08-03T02:00:00.000Z', baDinhPointQ3.slice(1));
		await pointResponses(
			BA_DINH,
			'2026-08-03T03:00:00.000Z',
			Array.from({ length: 5 }, () => ({ Q1: 1 })),
			'burst-1'
		);
		await pointResponses(BA_DINH, '2026-06-30T16:00:00.000Z', baDinhPointQ2);
		await pointResponses(HOAN_KIEM, '2026-09-12T08:00:00.000Z', hoanKiemPointQ3);
	}

	const Q3 = { kind: 'quarter', year: 2026, quarter: 3 } as const;
	const today = '2026-10-15';
	const none = { n: 0, mean: null, smallSample: true };
	const avg = (n: number, mean: number) => ({ n, mean: expect.closeTo(mean, 9) as number, smallSample: n < SMALL_SAMPLE });

	it('the supervisor’s province: respondents, averages, floods and failed items per factor equal the hand count', async () => {
		await fixture();
		const report = await buildPeriodReport(ctx.db, supervisor, { period: Q3, today });
		const baDinh = report.voice.units.find((u) => u.unitCode === BA_DINH)!;
		const hoanKiem = report.voice.units.find((u) => u.unitCode === HOAN_KIEM)!;

		// Interviews: R1's three and R2's one; the draft's and October's are not counted.
		expect(baDinh.current.interviews).toEqual({
			respondents: 4,
			factors: { TC: avg(3, 11.5 / 3), TT: avg(2, 3), CC: avg(2, 3.75), KQ: avg(1, 4), PA: avg(1, 3) }
		});
		expect(baDinh.current.point).toEqual({
			respondents: 12,
			factors: { TC: avg(12, 47 / 12), TT: none, CC: avg(10, 5), KQ: none, PA: none }
		});
		expect(baDinh.current.flooded).toBe(5);
		expect(baDinh.current.failedItems).toEqual({ ...zero(), TC: 2, CC: 1 });
		expect(baDinh.previous.point).toEqual({ respondents: 10, factors: { TC: avg(10, 3), TT: none, CC: none, KQ: none, PA: none } });
		expect(baDinh.previous.interviews.respondents).toBe(0);
		expect(hoanKiem.current.point).toEqual({ respondents: 3, factors: { TC: avg(2, 2.5), TT: avg(1, 5), CC: none, KQ: none, PA: none } });
		expect(hoanKiem.previous.interviews).toEqual({ respondents: 2, factors: { TC: avg(2, 3.25), TT: none, CC: none, KQ: none, PA: none } });
		expect(hoanKiem.previous.failedItems).toEqual({ ...zero(), TC: 1 });

		// The contract's own summary of the same responses gives the same averages.
		const contract = summary([...r1Interviews, ...r2Interviews]);
		for (const f of ['TC', 'TT', 'CC', 'KQ', 'PA'] as const) {
			expect(baDinh.current.interviews.factors[f].n).toBe(contract.factors[f].n);
			expect(baDinh.current.interviews.factors[f].mean).toBeCloseTo(contract.factors[f].mean ?? NaN, 9);
		}
		expect(summary(baDinhPointQ3).factors.TC.mean).toBeCloseTo(baDinh.current.point.factors.TC.mean!, 9);

		// The province: the sums of its units, never a mean of unit means; the flood apart.
		expect(report.voice.totals.point).toEqual({
			respondents: 15,
			factors: { TC: avg(14, (47 + 5) / 14), TT: avg(1, 5), CC: avg(10, 5), KQ: none, PA: none }
		});
		expect(report.voice.totals.flooded).toBe(5);
		expect(report.voice.totals.failedItems).toEqual({ ...zero(), TC: 2, CC: 1 });
		expect(report.sipas.map((s) => [s.factor, s.findings])).toEqual(Object.entries({ ...zero(), TC: 2, CC: 1 }));
		expect(report.voice.previousTotals.interviews.factors.TC).toEqual(avg(2, 3.25));
		expect(report.voice.previousTotals.point.respondents).toBe(10);
		// The trend: Q4 2025 and Q1 2026 are empty, then Q2 and Q3.
		expect(report.voice.trend.map((t) => [t.interviews.respondents, t.point.respondents, t.flooded])).toEqual([
			[0, 0, 0],
			[0, 0, 0],
			[2, 10, 0],
			[4, 15, 5]
		]);
		// The periodic report's section, as printed and in the DOCX.
		const voiceSection = reportDocument(report, 'province').sections.find((x) => x.heading === 'IV. Ý KIẾN NGƯỜI DÂN')!;
		expect(voiceSection.paragraphs[0]).toContain('4 người dân được phỏng vấn');
		expect(voiceSection.paragraphs[0]).toContain('15 phiếu ý kiến');
		expect(voiceSection.paragraphs[0]).toContain('5 phiếu gửi dồn dập');
		expect(voiceSection.table!.rows[0]).toEqual(['TC — tiếp cận dịch vụ', '3,83 (n = 3)', '3,71', '2', '3,25 (n = 2)', '3,00', '1']);
		expect(documentText(reportDocument(report, 'province')).join(' ')).not.toContain('Lan');

		// Units keep the official list's order: nothing ranks them by these averages.
		expect(report.voice.units.map((u) => u.unitCode)).toEqual((await unitNames()).communeCodes(HA_NOI));
	});

	it('the ward: its own unit, interviews of approved records only, the point’s responses', async () => {
		const ward = ctx.newActor('ward', { unitCode: BA_DINH });
		const response = await routeResponse(getReport, { as: ward, path: '/api/reports?period=2026-Q3' });
		expect(response.status).toBe(200);
		const { voice } = ((await response.json()) as { report: PeriodReport }).report;
		expect(voice.units.map((u) => u.unitCode)).toEqual([BA_DINH]);
		expect(voice.totals.interviews).toEqual({
			respondents: 3,
			factors: { TC: avg(2, 3.75), TT: avg(1, 4), CC: avg(2, 3.75), KQ: avg(1, 4), PA: avg(1, 3) }
		});
		expect(voice.totals.point.respondents).toBe(12);
		expect(voice.totals.failedItems).toEqual({ ...zero(), TC: 1, CC: 1 });
		// No free text anywhere in the report.
		expect(JSON.stringify(voice)).not.toContain('Lan');
	});

	it('the citizen-voice export: one row per unit with data and factor, the same numbers, English headings', async () => {
		const csv = await exportCsv(supervisor, 'period=2026-Q3&lang=en');
		expect(csv.header).toEqual(exportColumns['citizen-voice'].map((c) => c.labelEn));
		expect(csv.rows.map((r) => `${r.unitCode}/${r.factor}`)).toEqual(
			[BA_DINH, HOAN_KIEM].flatMap((u) => ['TC', 'TT', 'CC', 'KQ', 'PA'].map((f) => `${u}/${f}`))
		);
		const row = (unit: number, factor: string) => csv.rows.find((r) => r.unitCode === String(unit) && r.factor === factor)!;
		expect(row(BA_DINH, 'TC')).toEqual({
			provinceCode: '1',
			provinceName: 'Thành phố Hà Nội',
			unitCode: '4',
			unitName: expect.stringContaining('Ba Đình') as string,
			period: '2026-Q3',
			factor: 'TC',
			factorName: 'tiếp cận dịch vụ',
			interviewRespondents: '4',
			interviewAnswered: '3',
			interviewAverage: '3.83',
			interviewSmallSample: 'TRUE',
			pointRespondents: '12',
			pointAnswered: '12',
			pointAverage: '3.92',
			pointSmallSample: 'FALSE',
			pointFlooded: '5',
			failedItems: '2',
			previousPeriod: '2026-Q2',
			previousInterviewAnswered: '0',
			previousInterviewAverage: '',
			previousPointAnswered: '10',
			previousPointAverage: '3',
			previousFailedItems: '0'
		});
		expect(row(HOAN_KIEM, 'TT')).toMatchObject({ pointRespondents: '3', pointAnswered: '1', pointAverage: '5', pointSmallSample: 'TRUE' });
		expect(row(HOAN_KIEM, 'TC')).toMatchObject({
			previousInterviewAnswered: '2',
			previousInterviewAverage: '3.25',
			previousFailedItems: '1'
		});

		// The workbook: the same rows, typed cells, the sheet named in the language asked.
		const xlsx = await routeResponse(getExport, {
			as: supervisor,
			path: '/api/exports/citizen-voice?format=xlsx&period=2026-Q3',
			params: { dataset: 'citizen-voice' }
		});
		const sheets = await readExcelFile(Buffer.from(await xlsx.arrayBuffer()));
		expect(sheets.map((x) => x.sheet)).toEqual(['Ý kiến người dân']);
		const [heading, first] = sheets[0]!.data;
		expect(heading).toEqual(exportColumns['citizen-voice'].map((c) => c.label));
		expect(first).toEqual([
			1,
			'Thành phố Hà Nội',
			4,
			first![3],
			'2026-Q3',
			'TC',
			'tiếp cận dịch vụ',
			4,
			3,
			3.83,
			true,
			12,
			12,
			3.92,
			false,
			5,
			2,
			'2026-Q2',
			0,
			null,
			10,
			3,
			0
		]);

		// The JSON API pages through the same rows; a ward gets its unit only; from..to is a custom period.
		const pages = await jsonRows(supervisor, 'period=2026-Q3', 3);
		expect(pages.map((r) => `${String(r.unitCode)}/${String(r.factor)}`)).toEqual(csv.rows.map((r) => `${r.unitCode}/${r.factor}`));
		expect(pages[0]).toMatchObject({ unitCode: BA_DINH, interviewAverage: 3.83, pointSmallSample: false });
		const ward = await exportCsv(ctx.newActor('ward', { unitCode: BA_DINH }), 'period=2026-Q3');
		expect(ward.rows.map((r) => [r.unitCode, r.factor, r.interviewRespondents])).toEqual(
			['TC', 'TT', 'CC', 'KQ', 'PA'].map((f) => ['4', f, '3'])
		);
		const custom = await exportCsv(supervisor, 'from=2026-07-01&to=2026-09-30');
		expect(custom.rows.find((r) => r.unitCode === '4' && r.factor === 'TC')).toMatchObject({
			period: '2026-07-01..2026-09-30',
			pointAverage: '3.92'
		});
		expect(JSON.stringify(csv.rows)).not.toContain('Lan');
		const bad = await routeResponse(getExport, {
			as: supervisor,
			path: '/api/exports/citizen-voice?format=csv&period=2026-Q5',
			params: { dataset: 'citizen-voice' }
		});
		expect(bad.status).toBe(400);
		const half = await routeResponse(getExport, {
			as: supervisor,
			path: '/api/exports/citizen-voice?format=json&from=2026-07-01',
			params: { dataset: 'citizen-voice' }
		});
		expect(half.status).toBe(400);
	});

	it('point responses are read once: the last hours live, closed hours from the day sums, never twice', async () => {
		// Hours after the real clock's, so nothing was summed past them already.
		const hour = '2027-02-01T03:00:00.000Z';
		const periods = [periodRange({ kind: 'quarter', year: 2026, quarter: 4 }), periodRange({ kind: 'quarter', year: 2027, quarter: 1 })];
		const scope = { provinceCode: HA_NOI, unitCode: HOAN_KIEM, statuses: ['submitted', 'approved'] as const };
		await pointResponses(HOAN_KIEM, hour, [{ Q1: 5 }, { Q1: 3 }]);
		await pointResponses(HOAN_KIEM, hour, [{ Q1: 1 }], 'burst-2');
		const read = async (now: string) =>
			(await voiceSums(ctx.db, scope, periods, new Date(now))).filter((r) => r.period === 1 && r.source !== 'interview');
		const counted = (rows: Awaited<ReturnType<typeof read>>) => ({
			point: rows.filter((r) => r.source === 'point').reduce((a, r) => a + r.respondents, 0),
			flood: rows.filter((r) => r.source === 'flood').reduce((a, r) => a + r.respondents, 0),
			tc: rows.filter((r) => r.source === 'point').reduce((a, r) => a + r.factors.TC.total, 0)
		});
		const expected = { point: 2, flood: 1, tc: 8 };
		// Half an hour later the hour is still open: read from the responses themselves.
		expect(counted(await read('2027-02-01T03:30:00.000Z'))).toEqual(expected);
		// Three hours later it is in the day sums, counted once.
		expect(counted(await read('2027-02-01T06:00:00.000Z'))).toEqual(expected);
		expect(
			await ctx.db.selectFrom('voice_point_days').select(['respondents', 'flooded']).where('day', '=', '2027-02-01').execute()
		).toEqual([{ respondents: 2, flooded: 1 }]);
		// Two reports catching up at once add the hour once; forgetting the sums rebuilds the same.
		await forgetPointDays(ctx.db, HA_NOI);
		const later = new Date('2027-02-01T09:00:00.000Z');
		await Promise.all([catchUpPointDays(ctx.db, HA_NOI, later), catchUpPointDays(ctx.db, HA_NOI, later)]);
		expect(counted(await read('2027-02-01T09:00:00.000Z'))).toEqual(expected);
		const q3 = (
			await voiceSums(ctx.db, { ...scope, unitCode: BA_DINH }, [periodRange({ kind: 'quarter', year: 2026, quarter: 3 })], later)
		).filter((r) => r.source === 'point');
		expect(q3.reduce((a, r) => a + r.respondents, 0)).toBe(12);
	});

	function zero() {
		return { TC: 0, TT: 0, CC: 0, KQ: 0, PA: 0 };
	}

	async function exportCsv(as: Actor, query: string) {
		const response = await routeResponse(getExport, {
			as,
			path: `/api/exports/citizen-voice?format=csv&${query}`,
			params: { dataset: 'citizen-voice' }
		});
		expect(response.status).toBe(200);
		const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
		const header = rows.shift()!;
		const keys = exportColumns['citizen-voice'].map((c) => c.key);
		return { header, rows: rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i]!]))) };
	}

	async function jsonRows(as: Actor, query: string, limit: number) {
		const rows: Record<string, unknown>[] = [];
		let cursor: string | null = null;
		do {
			const response = await routeResponse(getExport, {
				as,
				path: `/api/exports/citizen-voice?format=json&limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`,
				params: { dataset: 'citizen-voice' }
			});
			expect(response.status).toBe(200);
			const page = (await response.json()) as { rows: Record<string, unknown>[]; nextCursor: string | null };
			rows.push(...page.rows);
			cursor = page.nextCursor;
		} while (cursor);
		return rows;
	}
});
