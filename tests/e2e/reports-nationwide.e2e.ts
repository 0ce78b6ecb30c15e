/**
 * A nationwide admin (an admin account with no province, made with the admin command line as a
 * deployment makes its first one) picks the province of a report and of an export, searching
 * without diacritics (issue 18; docs/reports.md "Screens"). A province's own supervisor keeps
 * their fixed scope and sees no picker. The numbers on screen are checked against what the report
 * API answers for the province picked.
 */
import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { vietnamDate } from '../../src/lib/domain/dates';
import { demo, signIn } from './helpers';

const nationwide = { username: 'toanquoc', password: 'demo-toanquoc-2025' };

/** Creates the nationwide admin in the running server's database, through `npm run admin`. */
function createNationwideAdmin() {
	const dataDir = process.env.E2E_DATA_DIR;
	expect(dataDir, 'playwright.config.ts hands the server’s DATA_DIR to the workers').toBeTruthy();
	const run = spawnSync(
		process.execPath,
		[
			'scripts/admin.js',
			'create-user',
			'--username',
			nationwide.username,
			'--role',
			'admin',
			'--display-name',
			'Quản trị toàn quốc',
			'--password-stdin'
		],
		{ input: nationwide.password, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 90_000 }
	);
	expect(run.status, run.stderr).toBe(0);
}

async function reportTotals(page: Page, query: string) {
	const response = await page.request.get(`/api/reports?${query}`);
	expect(response.status()).toBe(200);
	return ((await response.json()) as { report: { totals: { done: number; findings: number }; scope: { provinceName: string } } }).report;
}

/** Types the query into the picker's search and picks the one province named. */
async function pickProvince(page: Page, query: string, name: string) {
	const picker = page.getByTestId('province-picker');
	if (await picker.getByTestId('change-province').isVisible()) await picker.getByTestId('change-province').click();
	await picker.getByLabel('Tìm tỉnh, thành phố').fill(query);
	const hits = picker.getByRole('list', { name: 'Tỉnh, thành phố tìm thấy' }).getByRole('button');
	await expect(hits).toHaveText([name]);
	await hits.first().click();
	await expect(picker.getByTestId('chosen-province')).toHaveText(name);
}

test('a nationwide admin picks a province for the report, the export and the report document', async ({ browser }) => {
	createNationwideAdmin();
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, nationwide);
	await page.getByTestId('reports-link').click();
	await expect(page).toHaveURL(/\/reports$/);

	// No province yet: nothing is asked of the server, the picker lists all 34.
	await expect(page.getByTestId('pick-province')).toBeVisible();
	await expect(page.getByTestId('report')).toHaveCount(0);
	await expect(page.getByTestId('province-picker').getByRole('list').getByRole('button')).toHaveCount(34);

	const month = Number(vietnamDate().slice(5, 7));
	const quarter = `${vietnamDate().slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
	const report = page.getByTestId('report');

	await pickProvince(page, 'ha noi', 'Thành phố Hà Nội');
	await expect(page).toHaveURL(/province=1(&|$)/);
	await expect(report.getByRole('heading', { level: 2 }).first()).toContainText('Thành phố Hà Nội — Quý');
	const haNoi = await reportTotals(page, `period=${quarter}&province=1`);
	await expect(report.getByTestId('figure-done')).toHaveText(String(haNoi.totals.done));
	await expect(report.getByTestId('figure-findings')).toHaveText(String(haNoi.totals.findings));

	// Another province, typed without diacritics: its report and its communes to pick from.
	await pickProvince(page, 'ho chi minh', 'Thành phố Hồ Chí Minh');
	await expect(page).toHaveURL(/province=79(&|$)/);
	await expect(report.getByRole('heading', { level: 2 }).first()).toContainText('Thành phố Hồ Chí Minh — Quý');
	const hcm = await reportTotals(page, `period=${quarter}&province=79`);
	await expect(report.getByTestId('figure-done')).toHaveText(String(hcm.totals.done));
	await expect(page.getByTestId('report-unit').locator('option', { hasText: 'Phường Sài Gòn' })).toHaveCount(1);
	await expect(page.getByTestId('report-unit').locator('option', { hasText: 'Phường Hoàn Kiếm' })).toHaveCount(0);

	// The export: the whole country by default, or the province picked, sent with the download.
	await page.goto('/exports');
	const picker = page.getByTestId('province-picker');
	await expect(picker.getByTestId('chosen-province')).toHaveText('Toàn quốc (mọi tỉnh, thành phố)');
	await pickProvince(page, 'DA NANG', 'Thành phố Đà Nẵng');
	const download = page.waitForResponse((r) => r.url().includes('/api/exports/inspections'));
	await page.getByTestId('export-inspections-csv').click();
	const answer = await download;
	expect(new URL(answer.url()).searchParams.get('province')).toBe('48');
	expect(answer.status()).toBe(200);
	await expect(page.getByTestId('export-done')).toBeVisible();

	// The report document: nothing to show until a province is picked.
	await page.getByTestId('report-document-link').click();
	const showDocument = page.getByRole('button', { name: 'Lập báo cáo' });
	await expect(showDocument).toBeDisabled();
	await pickProvince(page, 'dak lak', 'Tỉnh Đắk Lắk');
	await showDocument.click();
	await expect(page.locator('main')).toContainText('UBND TỈNH ĐẮK LẮK');
	await expect(page.locator('main')).toContainText('trên địa bàn Tỉnh Đắk Lắk');
	await context.close();

	// A province's supervisor: the fixed scope, no picker.
	const supervisorContext = await browser.newContext();
	const supervisor = await supervisorContext.newPage();
	await signIn(supervisor, demo.supervisor);
	await supervisor.goto('/reports');
	await expect(supervisor.getByTestId('report').getByRole('heading', { level: 2 }).first()).toContainText('Thành phố Hà Nội');
	await expect(supervisor.getByTestId('province-picker')).toHaveCount(0);
	await supervisor.goto('/exports');
	await expect(supervisor.getByTestId('export-unit')).toBeVisible();
	await expect(supervisor.getByTestId('province-picker')).toHaveCount(0);
	await supervisorContext.close();
});
