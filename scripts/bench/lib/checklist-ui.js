/**
 * The inspector's steps through the app's real screens, as a person does them on a phone, for
 * the team benchmark: start a planned visit, add the counter officers, answer a section page
 * item by item; on a team's record take sections in the team panel, hand in, sync; go to the
 * sign page and read whether the record may be finished. Every tap and key goes through a
 * `Phone` (phone.js), which counts it.
 *
 * Answers are what a quick, honest inspector gives: "Đạt" on a pass/fail item (the whole
 * section's at once with "Tất cả mục còn lại trong phần này: Đạt" and its confirmation, issue 20;
 * one grid cell per officer without it); on a count,
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

/** From the home page: the planned visit in "my visits" opened and started (the team comes from the plan). */
export async function startPlannedVisit(phone, inspectionId) {
	const { page } = phone;
	const visit = page.locator(`[data-testid="my-visit"][data-id="${inspectionId}"]`);
	await phone.tap(visit.getByRole('link', { name: vi.visits_start }), 'my visit');
	await phone.tap(page.getByRole('button', { name: vi.inspections_start_inspection }), 'start');
	await page.waitForURL(new RegExp(`/inspections/${inspectionId}$`));
	await page.getByTestId('overall-progress').waitFor();
}

/** Waits until the phone has sent everything it holds (the header's "changes waiting" is gone). */
export async function waitAllSent(page, timeout = 60_000) {
	await page.getByTestId('pending-count').waitFor({ state: 'detached', timeout });
}

/** A team member's phone: the record listed on the home page (once it has reached the phone), opened. */
export async function openTeamRecord(phone, inspectionId) {
	const { page } = phone;
	await phone.tap(page.locator(`a[data-inspection-id="${inspectionId}"]`), 'team record');
	await page.getByTestId('team-member-record').waitFor();
}

/** On the record's overview, a member takes a free section from the team panel. */
export async function takeSection(phone, sectionId) {
	const { page } = phone;
	const panel = page.getByTestId('team-panel');
	await phone.tap(panel.getByRole('button', { name: vi.team_take_section.replace('{section}', sectionId) }), `take ${sectionId}`);
	await panel.locator(`[data-testid="team-section"][data-section="${sectionId}"][data-holder="${phone.user.id}"]`).waitFor();
}

/** On the record's overview, a member hands in their part; done once the phone has sent it. */
export async function handIn(phone) {
	const { page } = phone;
	await phone.tap(page.getByTestId('team-panel').getByRole('button', { name: vi.team_hand_in_my_part }), 'hand in');
	await page.getByTestId('my-part-state').waitFor();
	await waitAllSent(page);
}

/** From anywhere: home (the app's name in the header), "Đồng bộ ngay", the round waited for. */
export async function syncFromHome(phone) {
	const { page } = phone;
	await phone.tap(page.locator('header a.brand'), 'home');
	const panel = page.getByTestId('sync-panel');
	const button = panel.getByRole('button', { name: vi.app_sync_now });
	await button.waitFor();
	// A round the app began by itself on arriving home may still be running: wait for it, then ask for a fresh one.
	await page.waitForFunction(() => !document.querySelector('[data-testid=sync-panel] button.primary')?.disabled);
	const ended = Number(await panel.getAttribute('data-rounds-ended'));
	await phone.tap(button, 'sync now');
	await page.waitForFunction(
		(n) => Number(document.querySelector('[data-testid=sync-panel]')?.getAttribute('data-rounds-ended')) > n,
		ended
	);
}

/** From the home page: a record in the list opened. */
export async function openRecordFromHome(phone, inspectionId) {
	const { page } = phone;
	await phone.tap(page.locator(`a[data-inspection-id="${inspectionId}"]`), 'record');
	await page.getByTestId('overall-progress').waitFor();
}

/** From the record's overview: the sign page, with its verdict on finishing rendered. */
export async function openSignPage(phone) {
	const { page } = phone;
	await phone.tap(page.locator('nav.bottom-bar').getByRole('link', { name: vi.inspections_sign, exact: true }), 'sign page');
	await page.getByRole('heading', { level: 1, name: vi.inspections_sign_record }).waitFor();
	await page.getByTestId('finish-blocked').waitFor();
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

/** Waits until the section page counts more answers than `before`. */
async function answeredMoreThan(page, before) {
	await page.waitForFunction(
		(n) => Number(document.querySelector('[data-testid=section-progress]')?.textContent?.match(/(\d+)\//)?.[1]) > n,
		before
	);
}

/**
 * "Tất cả mục còn lại trong phần này: Đạt" (issue 20) tapped and confirmed in its dialog, when
 * the open section page offers it (editable, some pass/fail slot not answered yet), waiting until
 * the page counts the answers. Returns how many slots it answered.
 */
async function passRest(phone) {
	const { page } = phone;
	const button = page.getByTestId('rest-pass');
	if (!(await button.count())) return 0;
	const before = (await sectionProgress(page)).answered;
	await phone.tap(button, `answer ${await sectionOf(page)} (rest of section)`);
	await phone.tap(page.getByTestId('rest-pass-dialog').getByRole('button', { name: vi.speed_rest_pass_confirm }), 'confirm');
	await answeredMoreThan(page, before);
	await button.waitFor({ state: 'detached' });
	return (await sectionProgress(page)).answered - before;
}

const sectionOf = async (page) => (await page.getByRole('heading', { level: 1 }).textContent()).trim()[0];

/**
 * The per-officer grid's cells still unanswered, each tapped once (the first state of its cycle
 * is Đạt), as an inspector answering officer by officer does. Returns how many it answered.
 */
async function passGridCells(phone) {
	const { page } = phone;
	const labels = await page
		.locator('main [data-testid=officer-grid] button[data-state=unanswered]:not([aria-disabled=true])')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-slot')));
	for (const slot of labels) {
		const cell = page.locator(`main [data-testid=officer-grid] button[data-slot="${slot}"]`);
		await phone.tap(cell, `answer ${slot.split('|')[0]} (cell)`);
		await page.waitForFunction((el) => el.getAttribute('data-state') === 'pass', await cell.elementHandle());
	}
	return labels.length;
}

/**
 * Answers every item slot on the open section page that is still unanswered and editable, in
 * screen order. With `passAll` (the default), the section's pass/fail slots are answered first
 * with "Tất cả mục còn lại trong phần này: Đạt" and its confirmation, as an inspector who saw no
 * exception does; without it, one tap per slot (a grid cell per officer: the app before the speed
 * aids). Figures are typed either way. Returns how many slots it answered.
 */
export async function answerSectionPage(phone, { passAll = true } = {}) {
	const { page } = phone;
	let answered = passAll ? await passRest(phone) : await passGridCells(phone);
	const groups = page.locator('main .controls[role=group]');
	const labels = await groups.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
	for (const label of labels) {
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
			await answeredMoreThan(page, before);
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
