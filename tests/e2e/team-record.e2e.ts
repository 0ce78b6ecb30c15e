/**
 * One record, several phones (issue 17, must-shows 1, 2 and 4), end to end: a planned visit's
 * team — a trưởng đoàn and two members, fresh accounts of the demo province — each on their own
 * browser context. The trưởng đoàn starts the visit; the members' phones list the record, and
 * each takes a section. Every phone goes offline, answers items that overlap, and comes back
 * online in a different order; every device then holds the same answers and the same conflict
 * list (read straight from IndexedDB, per inspectionId). The trưởng đoàn chooses between the
 * versions, a member hands in their part, another is released with a reason, and the record is
 * finished, its annex naming who answered which section. Records are found by id.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
	addOfficer,
	choose,
	demo,
	markRestNotApplicable,
	readStore,
	signBoth,
	signIn,
	startInspection,
	waitForServiceWorker,
	syncRound
} from './helpers';

interface Account {
	username: string;
	password: string;
	id: string;
	name: string;
}

interface Phone {
	context: BrowserContext;
	page: Page;
	account: Account;
}

interface StoredAnswer {
	inspectionId: string;
	itemId: string;
	officerId: string;
	value: unknown;
	note: string;
	answeredBy: string;
	answeredAt: string;
}

interface StoredConflict {
	inspectionId: string;
	itemId: string;
	officerId: string;
	versions: { answeredBy: string; value: unknown }[];
	resolvedAt: string | null;
}

async function apiAs(request: APIRequest, baseURL: string, who: { username: string; password: string }) {
	const api = await request.newContext({ baseURL });
	expect((await api.post('/api/auth/login', { data: who })).ok()).toBe(true);
	return api;
}

/**
 * Fresh inspectors of the demo province, so no other spec's records reach these phones. An
 * account an administrator made must change its password first: done here through the API.
 */
async function newInspectors(request: APIRequest, admin: APIRequestContext, baseURL: string, names: string[]): Promise<Account[]> {
	const tag = randomUUID().slice(0, 6);
	const accounts: Account[] = [];
	for (const [n, name] of names.entries()) {
		const username = `doan${n}.${tag}`;
		const first = `mat-khau-dau-${tag}-${n}`;
		const created = await admin.post('/api/admin/users', {
			headers: { origin: baseURL },
			data: { username, displayName: name, role: 'inspector', provinceCode: 1, unitCode: null, password: first }
		});
		expect(created.status()).toBe(201);
		const password = `mat-khau-moi-${tag}-${n}`;
		const own = await apiAs(request, baseURL, { username, password: first });
		const changed = await own.post('/api/auth/password', {
			headers: { origin: baseURL },
			data: { currentPassword: first, newPassword: password }
		});
		expect(changed.ok()).toBe(true);
		await own.dispose();
		accounts.push({ username, password, name, id: ((await created.json()) as { user: { id: string } }).user.id });
	}
	return accounts;
}

async function phone(browser: Browser, account: Account): Promise<Phone> {
	const context = await browser.newContext();
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	page.on('dialog', (d) => void d.accept());
	await signIn(page, account);
	await waitForServiceWorker(page);
	return { context, page, account };
}

/** A planned visit with the team (first account leads) and its trưởng đoàn's draft started and synced. */
async function startedTeamVisit(supervisor: APIRequestContext, lead: Phone, team: Account[]): Promise<string> {
	const id = randomUUID();
	const roles = ['truong_doan', 'thanh_vien', 'thu_ky'] as const;
	const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
	const planned = await supervisor.post('/api/plans/inspections', {
		data: {
			id,
			unit: { code: 103, name: 'x', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
			windowStart: today,
			windowEnd: today,
			team: team.map((a, n) => ({ userId: a.id, role: roles[n] })),
			basis: 'Kế hoạch số 17/KH-SNV'
		}
	});
	expect(planned.status()).toBe(201);
	await syncRound(lead.page);
	await lead.page.goto(`/visits/${id}`);
	await lead.page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(lead.page).toHaveURL(new RegExp(`/inspections/${id}$`));
	await syncRound(lead.page);
	return id;
}

/**
 * An unplanned visit started by the trưởng đoàn, whose team was typed in; the colleague's account
 * is added on the record page by the username they gave (online), and the header synced.
 */
async function unplannedVisitWithColleague(lead: Phone, colleague: Account): Promise<string> {
	const { page } = lead;
	await page.goto('/');
	await startInspection(page, 'tay ho', /Phường Tây Hồ/, lead.account.name);
	await page.getByRole('button', { name: 'Bắt đầu kiểm tra' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Phường Tây Hồ/ })).toBeVisible();
	const id = page.url().split('/').pop()!;
	const panel = page.getByTestId('team-panel');
	await panel.getByText('Thêm tài khoản của đồng nghiệp vào đoàn').click();
	await panel.getByLabel('Tên đăng nhập của đồng nghiệp').fill(colleague.username);
	await panel.getByLabel('Vai trò trong đoàn').selectOption('thanh_vien');
	await panel.getByRole('button', { name: 'Thêm vào đoàn' }).click();
	await expect(
		panel.getByRole('combobox', { name: 'Người phụ trách lĩnh vực A' }).getByRole('option', { name: colleague.name })
	).toBeAttached();
	await syncRound(page);
	return id;
}

/** A member's phone lists the started record (not written by them) and opens it; they take `section`. */
async function memberTakes(member: Phone, id: string, section: string) {
	const { page } = member;
	await syncRound(page);
	await page.goto('/');
	const row = page.locator(`a[data-inspection-id="${id}"]`);
	await expect(row.getByTestId('team-record-badge')).toBeVisible();
	await row.click();
	await expect(page.getByTestId('team-member-record')).toBeVisible();
	const panel = page.getByTestId('team-panel');
	await panel.getByRole('button', { name: `Nhận lĩnh vực ${section}` }).click();
	await expect(panel.locator(`[data-testid="team-section"][data-section="${section}"]`)).toHaveAttribute('data-holder', member.account.id);
	await syncRound(page);
}

/** Answers on a section page; `answers` maps item ids to "Đạt" / "Không đạt". */
async function answer(page: Page, id: string, section: string, answers: Record<string, string>) {
	await page.goto(`/inspections/${id}/sections/${section}`);
	for (const [item, option] of Object.entries(answers)) await choose(page, item, option);
}

const byKey = <T extends { itemId: string; officerId: string }>(rows: T[]) =>
	[...rows].sort((a, b) => `${a.itemId}|${a.officerId}`.localeCompare(`${b.itemId}|${b.officerId}`));

/** The record's answers and conflicts as this device's IndexedDB holds them. */
async function stored(page: Page, id: string) {
	const answers = byKey((await readStore<StoredAnswer>(page, 'answers')).filter((a) => a.inspectionId === id));
	const conflicts = byKey((await readStore<StoredConflict>(page, 'answerConflicts')).filter((c) => c.inspectionId === id));
	return { answers, conflicts };
}

/** Every device holds exactly what the first does. */
async function expectIdentical(phones: Phone[], id: string) {
	const [first, ...rest] = await Promise.all(phones.map((p) => stored(p.page, id)));
	for (const other of rest) expect(other).toEqual(first);
	return first!;
}

const pass = { kind: 'pass', result: 'pass' };
const fail = { kind: 'pass', result: 'fail' };

test('two phones on an unplanned visit answer the same items offline; both versions are kept and the trưởng đoàn chooses', async ({
	browser,
	playwright,
	baseURL
}) => {
	test.setTimeout(240_000);
	const admin = await apiAs(playwright.request, baseURL!, demo.admin);
	const [leadAccount, memberAccount] = await newInspectors(playwright.request, admin, baseURL!, ['Trưởng đoàn Hai', 'Thành viên Hai']);
	const lead = await phone(browser, leadAccount!);
	const member = await phone(browser, memberAccount!);
	const id = await unplannedVisitWithColleague(lead, memberAccount!);
	await memberTakes(member, id, 'A');

	// The member cannot write outside the section they hold.
	await member.page.goto(`/inspections/${id}/sections/B`);
	await expect(member.page.getByTestId('section-read-only')).toBeVisible();
	await expect(
		member.page.getByRole('group', { name: 'B1', exact: true }).getByRole('button', { name: 'Đạt', exact: true })
	).toBeDisabled();

	// Both offline: the member answers A3–A5; the trưởng đoàn answers A3 differently, A4 alike, and B1.
	await Promise.all([lead.context.setOffline(true), member.context.setOffline(true)]);
	await answer(member.page, id, 'A', { A3: 'Đạt', A4: 'Không đạt', A5: 'Đạt' });
	await answer(lead.page, id, 'A', { A3: 'Không đạt', A4: 'Không đạt' });
	await answer(lead.page, id, 'B', { B1: 'Đạt' });

	// Online, the trưởng đoàn first, then the member; then each pulls the other's.
	await lead.context.setOffline(false);
	await syncRound(lead.page);
	await member.context.setOffline(false);
	await syncRound(member.page);
	await syncRound(lead.page);

	const both = await expectIdentical([lead, member], id);
	expect(both.conflicts.map((c) => c.itemId)).toEqual(['A3']);
	expect(both.conflicts[0]!.versions.map((v) => [v.answeredBy, v.value])).toEqual(
		expect.arrayContaining([
			[leadAccount!.id, fail],
			[memberAccount!.id, pass]
		])
	);
	// A4 was answered alike: kept once, by whoever came first; A5 and B1 by their only authors.
	const answerOf = (item: string) => both.answers.find((a) => a.itemId === item);
	expect(answerOf('A4')?.value).toEqual(fail);
	expect(answerOf('A5')).toMatchObject({ value: pass, answeredBy: memberAccount!.id });
	expect(answerOf('B1')).toMatchObject({ value: pass, answeredBy: leadAccount!.id });

	// The trưởng đoàn sees both versions with their authors and chooses the member's.
	await lead.page.goto(`/inspections/${id}`);
	const conflict = lead.page.locator('[data-testid="conflict"][data-item="A3"]');
	await expect(conflict.getByTestId('conflict-version')).toHaveCount(2);
	await expect(conflict).toContainText(memberAccount!.name);
	await expect(conflict).toContainText(leadAccount!.name);
	await conflict.getByRole('button', { name: `Chọn kết quả của ${memberAccount!.name}` }).click();
	await expect(conflict).toHaveAttribute('data-resolved', 'true');
	await syncRound(lead.page);
	await syncRound(member.page);
	const resolved = await expectIdentical([lead, member], id);
	expect(resolved.answers.find((a) => a.itemId === 'A3')).toMatchObject({ value: pass, answeredBy: memberAccount!.id });
	expect(resolved.conflicts.every((c) => c.resolvedAt !== null)).toBe(true);

	await Promise.all([lead.context.close(), member.context.close(), admin.dispose()]);
});

test('three phones offline, back online in another order: identical records and conflicts; the team finishes', async ({
	browser,
	playwright,
	baseURL
}) => {
	test.setTimeout(300_000);
	const admin = await apiAs(playwright.request, baseURL!, demo.admin);
	const supervisor = await apiAs(playwright.request, baseURL!, demo.supervisor);
	const accounts = await newInspectors(playwright.request, admin, baseURL!, ['Trưởng đoàn Ba', 'Thành viên Bình', 'Thư ký Cúc']);
	const [leadAccount, binhAccount, cucAccount] = accounts as [Account, Account, Account];
	const lead = await phone(browser, leadAccount);
	const binh = await phone(browser, binhAccount);
	const cuc = await phone(browser, cucAccount);
	const id = await startedTeamVisit(supervisor, lead, accounts);
	await memberTakes(binh, id, 'A');
	await memberTakes(cuc, id, 'B');
	await syncRound(lead.page);
	await lead.page.goto(`/inspections/${id}`);
	await expect(lead.page.locator('[data-testid="team-section"][data-section="A"]')).toHaveAttribute('data-holder', binhAccount.id);
	await expect(lead.page.locator('[data-testid="team-section"][data-section="B"]')).toHaveAttribute('data-holder', cucAccount.id);

	// All three offline. Bình answers in A, Cúc in B, the trưởng đoàn in both, overlapping each.
	await Promise.all([lead, binh, cuc].map((p) => p.context.setOffline(true)));
	await answer(binh.page, id, 'A', { A3: 'Đạt', A4: 'Đạt' });
	await answer(cuc.page, id, 'B', { B1: 'Không đạt', B2: 'Đạt' });
	await answer(lead.page, id, 'A', { A3: 'Không đạt' });
	await answer(lead.page, id, 'B', { B1: 'Đạt', B2: 'Đạt' });

	// Online in the order Cúc, trưởng đoàn, Bình; then a round each so everyone has everything.
	for (const p of [cuc, lead, binh]) {
		await p.context.setOffline(false);
		await syncRound(p.page);
	}
	for (const p of [cuc, lead, binh]) await syncRound(p.page);

	const all = await expectIdentical([lead, binh, cuc], id);
	expect(all.conflicts.map((c) => c.itemId)).toEqual(['A3', 'B1']);
	for (const c of all.conflicts) expect(c.resolvedAt).toBeNull();
	const authors = (item: string) =>
		all.conflicts
			.find((c) => c.itemId === item)!
			.versions.map((v) => v.answeredBy)
			.sort();
	expect(authors('A3')).toEqual([leadAccount.id, binhAccount.id].sort());
	expect(authors('B1')).toEqual([leadAccount.id, cucAccount.id].sort());
	// B2 answered alike by Cúc and the trưởng đoàn: no conflict, one answer.
	expect(all.answers.find((a) => a.itemId === 'B2')?.value).toEqual(pass);

	// Each answer shows who gave it, on the trưởng đoàn's screen.
	await lead.page.goto(`/inspections/${id}/sections/A`);
	const a4 = lead.page.locator('[data-item="A4"]');
	await expect(a4.getByTestId('answer-provenance')).toContainText(binhAccount.name);
	await expect(lead.page.locator('[data-item="A3"]').getByTestId('answer-conflicted')).toBeVisible();

	// Finishing waits for the choices and for the members' parts, and says so in words.
	await lead.page.goto(`/inspections/${id}`);
	await addOfficer(lead.page, 'Lê Văn Cường');
	await markRestNotApplicable(lead.page, id);
	await lead.page.goto(`/inspections/${id}/sign`);
	await expect(lead.page.getByTestId('blocker-conflicts')).toContainText('2 nội dung');
	await expect(lead.page.getByTestId('blocker-parts')).toContainText(binhAccount.name);
	await expect(lead.page.getByTestId('blocker-parts')).toContainText(cucAccount.name);

	// The trưởng đoàn chooses: Bình's A3, own B1.
	await lead.page.goto(`/inspections/${id}`);
	await lead.page
		.locator('[data-testid="conflict"][data-item="A3"]')
		.getByRole('button', { name: `Chọn kết quả của ${binhAccount.name}` })
		.click();
	await lead.page
		.locator('[data-testid="conflict"][data-item="B1"]')
		.getByRole('button', { name: `Chọn kết quả của ${leadAccount.name}` })
		.click();

	// Bình hands in; Cúc's phone is gone: the trưởng đoàn releases her with a reason.
	await binh.page.goto(`/inspections/${id}`);
	await binh.page.getByRole('button', { name: 'Nộp phần việc của tôi' }).click();
	await expect(binh.page.getByTestId('my-part-state')).toBeVisible();
	await syncRound(binh.page);
	await syncRound(lead.page);
	await lead.page.goto(`/inspections/${id}`);
	const panel = lead.page.getByTestId('team-panel');
	await expect(panel.locator(`[data-testid="team-part"][data-user="${binhAccount.id}"]`)).toHaveAttribute('data-state', 'handed_in');
	await panel.getByRole('button', { name: `Cho ${cucAccount.name} thôi phần việc` }).click();
	await panel.getByLabel(/Lý do/).fill('Điện thoại hết pin, phần việc đã đồng bộ');
	await panel.getByRole('button', { name: 'Cho thôi và tiếp tục không chờ phần việc này' }).click();
	await expect(panel.locator(`[data-testid="team-part"][data-user="${cucAccount.id}"]`)).toHaveAttribute('data-state', 'released');

	await lead.page.goto(`/inspections/${id}/sign`);
	await expect(lead.page.getByTestId('team-blockers')).toHaveCount(0);
	await signBoth(lead.page, id);
	await lead.page.getByRole('button', { name: 'Hoàn thành biên bản' }).click();
	await expect(lead.page).toHaveURL(/\/$/);
	await syncRound(lead.page);
	for (const p of [binh, cuc]) await syncRound(p.page);
	const finished = await expectIdentical([lead, binh, cuc], id);
	expect(finished.answers.find((a) => a.itemId === 'B1')).toMatchObject({ value: pass, answeredBy: leadAccount.id });
	const records = await Promise.all(
		[lead, binh, cuc].map(
			async (p) => (await readStore<{ id: string; status: string }>(p.page, 'inspections')).find((r) => r.id === id)?.status
		)
	);
	expect(records).toEqual(['submitted', 'submitted', 'submitted']);

	// The record's annex names who answered which section.
	await lead.page.goto(`/inspections/${id}/record`);
	const annex = lead.page.getByTestId('team-annex');
	await expect(annex.locator('[data-testid="annex-section"][data-section="A"]')).toContainText(binhAccount.name);
	await expect(annex.locator('[data-testid="annex-section"][data-section="B"]')).toContainText(cucAccount.name);
	// Per answer: Bình's line in section A names A3 and A4 (A3 was chosen from two versions).
	await expect(annex.locator(`[data-testid="annex-author"][data-section="A"][data-user="${binhAccount.id}"]`)).toContainText(/A3, A4 /);

	await Promise.all([...[lead, binh, cuc].map((p) => p.context.close()), admin.dispose(), supervisor.dispose()]);
});
