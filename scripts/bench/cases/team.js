/**
 * 8. One record, several phones (issue 17, must-show 5): the demo visit — Phường Hoàn Kiếm, the
 * template in effect, five counter officers — filled by one phone, then by a team of three
 * phones, each driven through the app's real screens by a simulated inspector whose taps and
 * keys are counted (lib/phone.js: the driver's count checked against the page's own).
 *
 * Time: nobody can tap as fast as a script, so a visit's duration is modelled, from counts the
 * run measures and two stated constants (see `human` below):
 *   time = taps × SECONDS_PER_TAP + keys × SECONDS_PER_KEY + the app's own time,
 * where the app's own time is the measured wall time of the scripted steps (each step waits
 * for what a person would wait for on screen: the answer shown chosen, the page shown, the
 * record synced), taken from the first answer to the record being finishable. The team's
 * members work side by side, so the team's time is the slowest member's, plus the tail after
 * the last hand-in until the trưởng đoàn's phone shows the merged record finishable.
 */
import { Phone } from '../lib/phone.js';
import {
	addOfficers,
	finishBlocker,
	nextSection,
	onlySignaturesMissing,
	openSectionFromOverview,
	sectionIds,
	startVisit,
	waitSectionComplete,
	answerSectionPage,
	words
} from '../lib/checklist-ui.js';
import { num } from '../lib/stats.js';

/**
 * The stated constants of the time model. A tap's seconds cover reading the item and checking
 * it at the counter, not only the finger: the issue puts one phone at 25–35 minutes for about
 * 154 taps, 10–14 s a tap; 12 s is its middle. A key is a character on the phone's keyboard.
 */
export const human = { secondsPerTap: 12, secondsPerKey: 0.6, fastSecondsPerTap: 3 };

const lead = { username: 'kiemtra', password: 'demo-kiemtra-2025' };
const officers = ['Nguyễn Thị Hoa', 'Trần Văn Bình', 'Lê Thị Cúc', 'Phạm Văn Dũng', 'Hoàng Thị Én'];
const visit = {
	search: 'hoan kiem',
	commune: /Phường Hoàn Kiếm/,
	leader: 'Nguyễn Văn An',
	reason: 'Phản ánh của người dân về thời gian chờ'
};

/** Seconds a person spends on `taps` and `keys` by the model. */
const humanSeconds = (taps, keys, secondsPerTap = human.secondsPerTap) => taps * secondsPerTap + keys * human.secondsPerKey;

/**
 * One phone does the whole visit: start, five officers, every section page in order, then the
 * summary and the sign page, where the record must be finishable.
 */
async function singlePhone({ browser, server, log }) {
	const phone = await Phone.open(browser, server.url, 'one phone', lead);
	try {
		const { page } = phone;
		await page.goto(`${server.url}/`);
		await page.getByRole('link', { name: words.home_start_new_inspection }).waitFor();
		await phone.resetCounts();

		phone.startPhase('start');
		const inspectionId = await startVisit(phone, visit);
		phone.startPhase('officers');
		await addOfficers(phone, officers);
		phone.startPhase('answers');
		const ids = await sectionIds(page);
		let slots = 0;
		for (const [i, id] of ids.entries()) {
			if (i === 0) await openSectionFromOverview(phone, id);
			else await nextSection(phone, id);
			slots += await answerSectionPage(phone);
			await waitSectionComplete(page);
		}
		phone.startPhase('finish');
		await phone.tap(page.getByRole('link', { name: `${words.inspections_summary} →` }), 'summary');
		await phone.tap(page.getByRole('link', { name: `${words.inspections_sign} →` }), 'sign page');
		await page.getByRole('heading', { level: 1, name: words.inspections_sign_record }).waitFor();
		await page.waitForFunction(() => document.querySelector('[data-testid=finish-blocked]'));
		const blocker = await finishBlocker(page);
		if (!onlySignaturesMissing(blocker)) throw new Error(`one phone: the record is not finishable: ${blocker}`);
		const finishedAt = performance.now();
		const total = await phone.counts();
		const from = phone.firstAnswer();
		const work = phone.countSince(from);
		const appSeconds = phone.appSecondsSince(from, finishedAt);
		log(`  one phone: ${total.taps} taps, ${total.keys} keys, ${slots} answer slots; app time ${num(appSeconds)} s`);
		return {
			inspectionId,
			sections: ids,
			slots,
			total,
			phases: phone.byPhase(),
			work,
			appSeconds,
			seconds: humanSeconds(work.taps, work.keys) + appSeconds,
			fastSeconds: humanSeconds(work.taps, work.keys, human.fastSecondsPerTap) + appSeconds
		};
	} finally {
		await phone.close();
	}
}

const minutes = (s) => `${num(s / 60)} min`;

export async function runTeam({ browser, server, log }) {
	const single = await singlePhone({ browser, server, log });
	const rows = [
		{
			label: `Team record: one phone, ${officers.length} officers, ${single.slots} answer slots (sections ${single.sections.join(', ')}): taps · keys`,
			value: `${single.total.taps} taps · ${single.total.keys} keys (${single.phases.map((p) => `${p.phase} ${p.taps}`).join(', ')})`,
			target: '',
			verdict: ''
		},
		{
			label: 'Team record: one phone, first answer → finishable (modelled)',
			value: `${minutes(single.seconds)} (${single.work.taps} taps × ${human.secondsPerTap} s + ${single.work.keys} keys × ${human.secondsPerKey} s + app ${num(single.appSeconds)} s; at ${human.fastSecondsPerTap} s a tap: ${minutes(single.fastSeconds)})`,
			target: '',
			verdict: ''
		}
	];
	return { rows, results: { human, single } };
}
