/**
 * The report screens in a real browser (issue 18, must-shows 1, 2 and 8; docs/reports.md): an
 * inspector's record with a failed item is pushed and approved through the sync API, then the
 * supervisor opens the province's report, switches the period and a unit, and sees the charts
 * drawn with their numbers in tables; the ward of Phường Hoàn Kiếm sees its own unit only, without
 * planned visits. The server is shared with other specs, so the numbers checked are the ones the
 * report API answers at that moment, and this record is found by its own id where it is listed.
 */
import { expect, test, type Page } from '@playwright/test';
import { addDays, vietnamDate } from '../../src/lib/domain/dates';
import { demo, signIn } from './helpers';

const uuid = () => crypto.randomUUID();
const hoanKiem = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };

/** Pushes mutations as the page's signed-in account, as a device's outbox would. */
async function push(page: Page, mutations: { name: string; args: object }[]) {
	const clientId = uuid();
	const response = await page.request.post('/api/sync/push', {
		data: {
			clientId,
			mutations: mutations.map((m, i) => ({
				mutationId: uuid(),
				seq: i + 1,
				schemaVersion: 1,
				createdAt: new Date().toISOString(),
				...m
			}))
		}
	});
	expect(response.status()).toBe(200);
	const body = (await response.json()) as { results: { status: string; message?: string }[] };
	expect(body.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
}

type Report = Awaited<ReturnType<typeof reportJson>>;

/**
 * Reads the report API, then checks the screen against it with `check`. Other specs approve
 * records on the same server meanwhile, so a change between the two reads is retried: the API
 * is read again and the page reloaded until both show the same moment.
 */
async function matchesApi(page: Page, query: string, check: (report: Report) => Promise<void>): Promise<Report> {
	let report: Report | undefined;
	let first = true;
	await expect(async () => {
		if (!first) await page.reload();
		first = false;
		report = await reportJson(page, query);
		await check(report);
	}).toPass({ timeout: 60_000, intervals: [500, 1_000, 2_000] });
	return report!;
}

async function reportJson(page: Page, query: string) {
	const response = await page.request.get(`/api/reports?${query}`);
	expect(response.status()).toBe(200);
	return (
		(await response.json()) as {
			report: {
				totals: { done: number; findings: number };
				areas: { sectionId: string; findings: number }[];
				period: object;
				voice: { totals: { failedItems: Record<string, number>; interviews: { respondents: number } } };
			};
		}
	).report;
}

test('supervisor and ward open their reports, switch the period and read each chart’s numbers', async ({ browser }) => {
	const inspectionId = uuid();
	const now = new Date().toISOString();
	const office = await browser.newContext();
	const inspector = await office.newPage();
	await signIn(inspector, demo.inspector);
	await push(inspector, [
		{
			name: 'createInspection',
			args: {
				id: inspectionId,
				unit: hoanKiem,
				startedAt: now,
				position: null,
				positionNote: 'Không lấy được vị trí',
				team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Chuyên viên', organisation: 'Sở Nội vụ' }],
				unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
				basis: 'Kế hoạch số 12/KH-SNV',
				address: '1 Lý Thái Tổ',
				templateId: 'mac-dinh',
				templateVersion: '2025.1',
				sectionIds: ['A'],
				createdBy: 'e2e',
				createdAt: now,
				recommendations: '',
				unitOpinion: ''
			}
		},
		{
			name: 'answerItem',
			args: { inspectionId, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'fail' }, note: '', answeredAt: now }
		},
		{
			name: 'submitInspection',
			args: {
				inspectionId,
				endedAt: now,
				findings: [
					{
						id: uuid(),
						inspectionId,
						itemId: 'A3',
						sectionId: 'A',
						title: 'TTHC niêm yết chưa phải bản hiện hành',
						detail: 'Không đạt',
						officerIds: [],
						critical: false,
						legal: [{ document: 'Nghị định 63/2010/NĐ-CP', article: '17' }],
						recommendation: 'Cập nhật TTHC niêm yết',
						deadline: addDays(vietnamDate(), 30)
					}
				]
			}
		}
	]);
	await office.close();

	// The supervisor: approves the record, then opens the province's report for this quarter.
	const supervisorContext = await browser.newContext();
	const supervisor = await supervisorContext.newPage();
	await signIn(supervisor, demo.supervisor);
	await push(supervisor, [{ name: 'approveInspection', args: { inspectionId, comment: '' } }]);
	await supervisor.getByTestId('reports-link').click();
	await expect(supervisor).toHaveURL(/\/reports$/);
	const report = supervisor.getByTestId('report');
	await expect(report.getByRole('heading', { level: 2 }).first()).toContainText('Thành phố Hà Nội — Quý');
	const month = Number(vietnamDate().slice(5, 7));
	const quarterParam = `${vietnamDate().slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
	const short = { timeout: 3_000 };
	const voice = report.getByTestId('table-voice');
	const areas = report.getByTestId('chart-areas');
	const quarter = await matchesApi(supervisor, `period=${quarterParam}`, async (q) => {
		expect(q.totals.findings).toBeGreaterThanOrEqual(1);
		const areaA = q.areas.find((a) => a.sectionId === 'A')!;
		await expect(report.getByTestId('figure-done')).toHaveText(String(q.totals.done), short);
		await expect(report.getByTestId('figure-findings')).toHaveText(String(q.totals.findings), short);
		await expect(areas.getByTestId('table-areas').locator('tr[data-area="A"] td').first()).toHaveText(String(areaA.findings), short);
		await expect(voice.locator('tr[data-factor="TC"] td').nth(2)).toHaveText(String(q.voice.totals.failedItems.TC), short);
		await expect(report.getByTestId('voice-interviews')).toHaveText(String(q.voice.totals.interviews.respondents), short);
	});
	await expect(report.getByTestId('figure-planned')).toBeVisible();

	// Bars per area: drawn (SVG bars), with the same numbers in the table under them.
	const areaA = quarter.areas.find((a) => a.sectionId === 'A')!;
	// A bar is an SVG line, which has no area to be "visible"; its value is what the chart drew.
	await expect(areas.locator('svg .ct-series-a .ct-bar').first()).toHaveAttribute('ct:value', String(areaA.findings));
	await expect(report.getByTestId('table-items').locator('tr[data-item="A3"]')).toBeVisible();
	await expect(report.getByTestId('chart-trend-score').locator('svg')).toBeVisible();
	await expect(report.getByTestId('chart-trend-score').getByTestId('table-trend').locator('tbody tr')).toHaveCount(4);
	await expect(report.getByTestId('table-units').locator('tr[data-unit="70"]')).toBeVisible();
	// The citizen's voice (issue 19) beside the failed items of each factor, with its trend.
	await expect(report.getByTestId('table-voice-trend').locator('tbody tr')).toHaveCount(4);

	// Switch to the year: the URL, the heading and the numbers follow.
	await supervisor.getByTestId('period-kind').selectOption('year');
	await supervisor.getByRole('button', { name: 'Xem báo cáo' }).click();
	const year = vietnamDate().slice(0, 4);
	await expect(supervisor).toHaveURL(new RegExp(`period=${year}$`));
	await expect(report).toHaveAttribute('data-period', year);
	await expect(report.getByRole('heading', { level: 2 }).first()).toContainText(`Năm ${year}`);
	await matchesApi(supervisor, `period=${year}`, async (y) => {
		await expect(report.getByTestId('figure-findings')).toHaveText(String(y.totals.findings), short);
	});

	// A custom range that ends before it starts is refused in words, and nothing is asked.
	await supervisor.getByTestId('period-kind').selectOption('custom');
	await supervisor.getByLabel('Từ ngày').fill(`${year}-03-10`);
	await supervisor.getByLabel('Đến ngày').fill(`${year}-03-01`);
	await supervisor.getByRole('button', { name: 'Xem báo cáo' }).click();
	await expect(supervisor.getByRole('alert')).toHaveText('Ngày kết thúc phải sau ngày bắt đầu');

	// One unit of the province.
	await supervisor.getByTestId('report-unit').selectOption('70');
	await expect(report.getByRole('heading', { level: 2 }).first()).toContainText('Phường Hoàn Kiếm');
	await expect(supervisor).toHaveURL(/unit=70/);
	await supervisorContext.close();

	// The ward: its own unit, approved records only, no plans, no unit picker.
	const wardContext = await browser.newContext();
	const ward = await wardContext.newPage();
	await signIn(ward, demo.ward);
	await ward.getByTestId('reports-link').click();
	const wardReport = ward.getByTestId('report');
	await expect(wardReport.getByRole('heading', { level: 2 }).first()).toContainText('Phường Hoàn Kiếm — Quý');
	await matchesApi(ward, `period=${quarterParam}`, async (w) => {
		expect(w.totals.done).toBeGreaterThanOrEqual(1);
		await expect(wardReport.getByTestId('figure-done')).toHaveText(String(w.totals.done), short);
		await expect(wardReport.getByTestId('chart-areas').locator('svg .ct-series-a .ct-bar')).toHaveCount(w.areas.length, short);
	});
	await expect(wardReport.getByTestId('figure-planned')).toHaveCount(0);
	await expect(ward.getByTestId('report-unit')).toHaveCount(0);
	await expect(wardReport.getByTestId('table-items').locator('tr[data-item="A3"]')).toBeVisible();
	expect((await ward.request.get('/api/reports?period=2026-Q1&unit=4')).status()).toBe(403);

	await ward.getByTestId('period-kind').selectOption('half');
	await ward.getByRole('button', { name: 'Xem báo cáo' }).click();
	await expect(ward).toHaveURL(/period=\d{4}-H1/);
	await expect(wardReport.getByRole('heading', { level: 2 }).first()).toContainText('6 tháng đầu năm');
	await wardContext.close();
});
