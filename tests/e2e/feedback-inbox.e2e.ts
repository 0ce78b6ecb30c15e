/**
 * The feedback screen in a real browser (issue 19, must-show 4; docs/feedback.md): the province's
 * supervisor opens the inbox from home and turns on "wards read comments" for the province; the
 * demo ward then reads its own unit's figures per SIPAS factor and the comments section instead
 * of the "not allowed" note. The setting is turned off again at the end. What each role receives
 * is proved by tests/integration/feedback-inbox.test.ts; this checks the screens.
 */
import { expect, test } from '@playwright/test';
import { demo, signIn } from './helpers';

test.describe.configure({ mode: 'serial' });

async function setWardSees(page: import('@playwright/test').Page, on: boolean) {
	await signIn(page, demo.supervisor);
	await page.getByTestId('feedback-link').click();
	await expect(page.getByRole('heading', { level: 1, name: 'Góp ý của người dân' })).toBeVisible();
	const box = page.getByTestId('ward-sees-comments');
	if ((await box.isChecked()) !== on) await box.click();
	await expect(box).toBeChecked({ checked: on });
}

test('the supervisor lets wards read comments; the ward then sees its figures and its comments section', async ({ page, browser }) => {
	await setWardSees(page, true);
	await expect(page.getByRole('combobox', { name: 'Trạng thái' })).toHaveValue('open');

	const wardContext = await browser.newContext();
	const ward = await wardContext.newPage();
	await signIn(ward, demo.ward);
	await ward.getByTestId('feedback-link').click();
	const figures = ward.getByTestId('unit-feedback');
	await expect(figures).toContainText('người trả lời');
	await expect(figures.locator('tr[data-factor]')).toHaveCount(5);
	await expect(ward.getByTestId('comments-off')).toHaveCount(0);
	await wardContext.close();

	await setWardSees(page, false);
});
