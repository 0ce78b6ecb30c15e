/**
 * Issue 19, must-show 2: during a visit, with the browser offline, the inspector interviews three
 * citizens on the same phone, a few taps each; back online, the three reach the server exactly
 * once (a supervisor's pull holds each once) and the record prints them in its annex
 * "Phụ lục: Ý kiến người dân" with 3 respondents.
 */
import { expect, test, type Page } from '@playwright/test';
import { demo, readStore, signIn, startInspection, waitForServiceWorker, type RawOutboxEntry } from './helpers';

/** Taps an answer of question `questionId` (a scale point "4 điểm", "Có", "Không") and waits until it shows as chosen. */
async function tap(page: Page, questionId: string, option: string) {
	const button = page.locator(`[data-question="${questionId}"]`).getByRole('button', { name: option, exact: true });
	await button.click();
	await expect(button).toHaveAttribute('aria-pressed', 'true');
}

async function fact(page: Page, factId: string, option: string) {
	const chip = page.locator(`[data-fact="${factId}"]`).getByRole('button', { name: option, exact: true });
	await chip.click();
	await expect(chip).toHaveAttribute('aria-pressed', 'true');
}

test('three interviews offline during a visit sync once and appear on the record’s annex', async ({ context, page, request }) => {
	await signIn(page, demo.inspector);
	await waitForServiceWorker(page);
	// The sign-in's sync round brought the questionnaire in effect: interviews work offline from here.
	await expect.poll(async () => (await readStore<{ templateId: string }>(page, 'questionnaireVersions')).length).toBeGreaterThan(0);
	await context.setOffline(true);

	await startInspection(page, 'bach mai', /Phường Bạch Mai/);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phường Bạch Mai' })).toBeVisible();
	const inspectionId = page.url().split('/').pop()!;

	await page.getByRole('link', { name: /Phỏng vấn người dân \(0\)/ }).click();
	await page.getByRole('link', { name: 'Phỏng vấn người mới' }).click();
	await expect(page.getByTestId('interview-intro')).toContainText('không phải phiếu khảo sát SIPAS chính thức');
	const saveNext = page.getByRole('button', { name: 'Lưu và phỏng vấn người tiếp theo' });
	await expect(saveNext).toBeDisabled();

	// Respondent 1: satisfied, a comment, two facts.
	await expect(page.getByRole('heading', { name: 'Người thứ 1' })).toBeVisible();
	await tap(page, 'Q1', '4 điểm');
	await tap(page, 'Q5', '5 điểm');
	await tap(page, 'Q7', 'Không');
	await fact(page, 'ageBand', '30–44');
	await fact(page, 'firstVisit', 'Lần đầu');
	await page.locator('[data-question="Q11"] textarea').fill('Phải chờ gần hai tiếng mới được tiếp nhận');
	await saveNext.click();

	// Respondent 2: asked for money (a critical answer), rude officer.
	await expect(page.getByRole('heading', { name: 'Người thứ 2' })).toBeVisible();
	await expect(page.locator('[data-question="Q1"] button[aria-pressed="true"]')).toHaveCount(0);
	await tap(page, 'Q1', '2 điểm');
	await tap(page, 'Q5', '1 điểm');
	await tap(page, 'Q7', 'Có');
	await saveNext.click();

	// Respondent 3: came back more than twice; then done.
	await expect(page.getByRole('heading', { name: 'Người thứ 3' })).toBeVisible();
	await tap(page, 'Q1', '5 điểm');
	await tap(page, 'Q4', 'Có');
	await page.getByRole('button', { name: 'Lưu và xong' }).click();

	await expect(page.getByTestId('interview-row')).toHaveCount(3);
	await expect(page.getByTestId('interviews-summary')).toContainText('Tổng hợp: 3 người trả lời');
	const queued = (await readStore<RawOutboxEntry>(page, 'outbox')).filter((e) => e.mutation.name === 'recordInterview');
	expect(queued).toHaveLength(3);
	expect(await readStore(page, 'interviews')).toHaveLength(3);

	// Back online: the app syncs the visit, interviews included.
	await context.setOffline(false);
	await page.goto('/');
	const panel = page.getByTestId('sync-panel');
	await panel.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(panel.getByTestId('sync-pending')).toHaveText('Thay đổi chờ gửi: 0', { timeout: 30_000 });

	// The server holds each interview once, and the province's supervisor receives them.
	expect((await request.post('/api/auth/login', { data: demo.supervisor })).ok()).toBe(true);
	type Change = { entity: string; entityId: string; op: string; data: Record<string, unknown> };
	const changes: Change[] = [];
	for (let cursor = 0, more = true; more;) {
		const response = await request.get(`/api/sync/pull?cursor=${cursor}&limit=2000`);
		expect(response.ok()).toBe(true);
		const body = (await response.json()) as { changes: Change[]; cursor: number; hasMore: boolean };
		changes.push(...body.changes);
		[cursor, more] = [body.cursor, body.hasMore];
	}
	const interviews = changes.filter((c) => c.entity === 'interview' && c.data.inspectionId === inspectionId);
	expect(interviews).toHaveLength(3);
	expect(new Set(interviews.map((c) => c.entityId))).toEqual(new Set(queued.map((e) => String(e.mutation.args.interviewId))));
	expect(interviews.every((c) => c.op === 'upsert' && c.data.questionnaireVersion === '2026.1')).toBe(true);

	// The record's annex: 3 respondents, the averages with their n, the critical answers.
	await page.goto(`/inspections/${inspectionId}/record`);
	const annex = page.getByTestId('interview-annex');
	await expect(annex.getByRole('heading', { name: 'Phụ lục: Ý kiến người dân' })).toBeVisible();
	await expect(annex.getByTestId('annex-respondents')).toHaveAttribute('data-respondents', '3');
	await expect(annex.getByTestId('annex-respondents')).toContainText('Số người được hỏi ý kiến: 3');
	// (4 + 2 + 5) / 3 = 3,67 on access; a small sample says so.
	await expect(annex.locator('[data-factor="TC"]')).toHaveText(
		'Tiếp cận dịch vụ: 3,67/5 (n = 3, mẫu nhỏ dưới 10 người, chỉ để tham khảo).'
	);
	await expect(annex.locator('[data-question="Q7"]')).toHaveAttribute('data-count', '1');
	await expect(annex.locator('[data-question="Q4"]')).toHaveAttribute('data-count', '1');
	// The citizen's own words never reach the record.
	await expect(page.locator('article.record')).not.toContainText('Phải chờ gần hai tiếng');
});
