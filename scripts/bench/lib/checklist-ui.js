/**
 * The inspector's steps through the app's real screens, as a person does them on a phone, for
 * the team benchmark: start a visit, add the counter officers, answer a section page item by
 * item, go to the sign page and read whether the record may be finished. Every tap and key
 * goes through a `Phone` (phone.js), which counts it.
 *
 * Answers are what a quick, honest inspector gives: "Đạt" on a pass/fail item; on a count,
 * both figures (tap, type, tap, type, the keyboard's Enter); on a sample, the passed figure
 * equal to the sample size the template pre-fills (tap, type, Enter). Which kind an item is
 * is read from its controls on screen, so the steps follow whatever template the record uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

const vi = JSON.parse(readFileSync(join(projectRoot, 'src/lib/i18n/messages/vi.json'), 'utf8'));
/** The words the screens use, from the app's own message file. */
export const words = vi;

/** From the home page: the new-visit form filled the shortest way the app accepts, and started. */
export async function startVisit(phone, { search, commune, leader, reason }) {
	const { page } = phone;
	await phone.tap(page.getByRole('link', { name: vi.home_start_new_inspection }), 'new visit');
	await phone.fill(page.getByLabel('Tìm xã, phường, đặc khu'), search, 'unit search');
	await phone.tap(page.getByRole('button', { name: commune }), 'unit');
	await phone.fill(page.getByLabel('Họ và tên (1)').first(), leader, 'leader name');
	await phone.fill(page.getByLabel('Lý do kiểm tra ngoài kế hoạch'), reason, 'unplanned reason');
	await phone.tap(page.getByRole('button', { name: vi.inspections_start_inspection }), 'start');
	await page.getByTestId('overall-progress').waitFor();
	return page.url().split('/').pop();
}

/** On the record's overview: each officer's name typed and added. */
export async function addOfficers(phone, names) {
	const { page } = phone;
	for (const name of names) {
		await phone.fill(page.getByLabel(vi.inspection_officer_s_name), name, 'officer name');
		await phone.tap(page.getByRole('button', { name: `+ ${vi.inspection_add_officer}` }), 'add officer');
		await page.getByRole('listitem').filter({ hasText: name }).first().waitFor();
	}
}

/** The section ids listed on the record's overview, in order. */
export async function sectionIds(page) {
	const links = page.locator('a.section-link');
	await links.first().waitFor();
	return (await links.allTextContents()).map((t) => t.trim()[0]);
}

/** From the record's overview: a section's page. */
export async function openSectionFromOverview(phone, sectionId) {
	const { page } = phone;
	await phone.tap(page.locator('a.section-link').filter({ hasText: new RegExp(`^\\s*${sectionId}\\.`) }), `section ${sectionId}`);
	await page.getByRole('heading', { level: 1, name: new RegExp(`^${sectionId}\\.`) }).waitFor();
}

/** From a section page: the next section with the bottom bar's button. */
export async function nextSection(phone, sectionId) {
	const { page } = phone;
	await phone.tap(page.getByRole('link', { name: `${vi.inspections_section} ${sectionId} →` }), `section ${sectionId}`);
	await page.getByRole('heading', { level: 1, name: new RegExp(`^${sectionId}\\.`) }).waitFor();
}

/** From a section page: back to the record's overview (the crumb at the top). */
export async function backToOverview(phone) {
	const { page } = phone;
	await phone.tap(page.locator('p.crumbs a'), 'overview');
	await page.getByTestId('overall-progress').waitFor();
}

async function answerFigures(phone, group, label) {
	const inputs = group.locator('input[type=number]');
	const whole = await inputs.nth(1).inputValue();
	if (whole) {
		// A sample: the size is pre-filled; all of it passed.
		await phone.fill(inputs.nth(0), whole, `answer ${label}`);
	} else {
		await phone.fill(inputs.nth(0), '10', `answer ${label}`);
		await phone.fill(inputs.nth(1), '10', `answer ${label}`);
	}
	await phone.press('Enter');
}

/**
 * Answers every item slot on the open section page that is still unanswered and editable, in
 * screen order; `only` limits it to some group labels. Returns how many slots it answered.
 */
export async function answerSectionPage(phone, { only = null } = {}) {
	const { page } = phone;
	const groups = page.locator('main .controls[role=group]');
	const labels = await groups.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
	let answered = 0;
	for (const label of labels) {
		if (only && !only(label)) continue;
		const group = page.getByRole('group', { name: label, exact: true });
		const pass = group.getByRole('button', { name: vi.inspection_pass, exact: true });
		if (await pass.count()) {
			if (!(await pass.isEnabled()) || (await pass.getAttribute('aria-pressed')) === 'true') continue;
			await phone.tap(pass, `answer ${label}`);
			await page.waitForFunction((el) => el.getAttribute('aria-pressed') === 'true', await pass.elementHandle());
		} else {
			const first = group.locator('input[type=number]').first();
			if (!(await first.count()) || !(await first.isEnabled()) || (await first.inputValue()) !== '') continue;
			const before = (await sectionProgress(page)).answered;
			await answerFigures(phone, group, label);
			// Saved once the page counts it answered, as the person sees it.
			await page.waitForFunction(
				(n) => Number(document.querySelector('[data-testid=section-progress]')?.textContent?.match(/(\d+)\//)?.[1]) > n,
				before
			);
		}
		answered++;
	}
	return answered;
}

/** The "answered n/m" line of a section page, as numbers. */
export async function sectionProgress(page) {
	const text = await page.getByTestId('section-progress').textContent();
	const [answered, total] = text
		.match(/(\d+)\/(\d+)/)
		.slice(1)
		.map(Number);
	return { answered, total };
}

/** Waits until the open section page says every slot is answered (the last save has landed). */
export async function waitSectionComplete(page) {
	await page.waitForFunction(() => {
		const m = document.querySelector('[data-testid=section-progress]')?.textContent?.match(/(\d+)\/(\d+)/);
		return m && m[1] === m[2];
	});
}

/**
 * On the sign page: why the record cannot be finished yet (the page's own line under the finish
 * button), or null. "Finishable" for the benchmark: the only reason left is that nobody has
 * signed yet — every answer, part and conflict is settled.
 */
export async function finishBlocker(page) {
	const line = page.getByTestId('finish-blocked');
	return (await line.count()) ? (await line.textContent()).trim() : null;
}

export const onlySignaturesMissing = (blocker) => blocker === vi.error_inspector_signature_missing;
