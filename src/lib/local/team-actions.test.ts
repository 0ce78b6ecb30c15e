import { describe, expect, it } from 'vitest';
import type { Principal } from '$lib/domain/permissions';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import {
	addOfficer,
	answerItem,
	attachPhoto,
	createInspection,
	passAllOfficers,
	passRestOfSection,
	RecordIncompleteError,
	removePhoto,
	submitInspection
} from './inspection-actions';
import { addTeamAccount, handInPart, holdSections, releaseMember, resolveAnswerConflict } from './team-actions';
import { NotAllowedError } from './action-errors';
import { header, signBoth, tinyTemplate } from './test-fixtures';
import { saveTemplateVersions } from './template-store';

let db: AppDb;
freshDbPerTest('team', (fresh) => (db = fresh));

const lead = '01900000-0000-7000-8000-00000000000a';
const ba = '01900000-0000-7000-8000-00000000000b';
const chi = '01900000-0000-7000-8000-00000000000c';
const outsider = '01900000-0000-7000-8000-00000000000d';
const who = (userId: string): Principal => ({ userId, role: 'inspector', provinceCode: 1, unitCode: null });
const pass = { kind: 'pass', result: 'pass' } as const;
const fail = { kind: 'pass', result: 'fail' } as const;

const teamHeader = {
	...header,
	team: [
		{ userId: lead, name: 'Nguyễn Văn An', role: 'truong_doan' as const, position: '', organisation: '' },
		{ userId: ba, name: 'Trần Văn Ba', role: 'thanh_vien' as const, position: '', organisation: '' },
		{ userId: chi, name: 'Lê Thị Chi', role: 'thu_ky' as const, position: '', organisation: '' }
	]
};

async function teamRecord(): Promise<string> {
	const id = await createInspection(db, { header: teamHeader, template: tinyTemplate, createdBy: lead });
	// The pinned version kept on the device, as a sync round stores it (officer rules read it).
	const at = '2026-01-01T00:00:00.000Z';
	const version = { templateId: tinyTemplate.id, version: tinyTemplate.version, name: tinyTemplate.name, status: 'published' };
	const dates = { effectiveFrom: '2026-01-01', createdAt: at, updatedAt: at, publishedAt: at, retiredAt: null };
	await saveTemplateVersions(db, [
		{ ...version, ...dates, scopeProvinceCode: null, basedOn: null, createdBy: null, template: tinyTemplate }
	]);
	return id;
}
const lastMutation = async () => (await db.outbox.orderBy('localId').last())!.mutation;
const outboxSize = () => db.outbox.count();

describe('section holdings on the phone', () => {
	it('a member takes a free section: the holding and its holdSections entry are written together', async () => {
		const id = await teamRecord();
		await holdSections(db, who(ba), { inspectionId: id, sectionIds: ['A'], userId: ba });
		expect(await db.sectionHoldings.get([id, 'A'])).toEqual({ inspectionId: id, sectionId: 'A', userId: ba });
		expect(await lastMutation()).toMatchObject({ name: 'holdSections', args: { inspectionId: id, sectionIds: ['A'], userId: ba } });
	});

	it("a member cannot take another member's section, nor hand one to someone else; nothing is queued", async () => {
		const id = await teamRecord();
		await holdSections(db, who(ba), { inspectionId: id, sectionIds: ['A'], userId: ba });
		const before = await outboxSize();
		await expect(holdSections(db, who(chi), { inspectionId: id, sectionIds: ['A'], userId: chi })).rejects.toMatchObject({
			code: 'section_held'
		});
		await expect(holdSections(db, who(chi), { inspectionId: id, sectionIds: ['D'], userId: ba })).rejects.toBeInstanceOf(NotAllowedError);
		expect(await outboxSize()).toBe(before);
		expect((await db.sectionHoldings.get([id, 'A']))?.userId).toBe(ba);
	});

	it('the trưởng đoàn hands a section over and takes it back; an account off the team is refused', async () => {
		const id = await teamRecord();
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A', 'D'], userId: chi });
		expect((await db.sectionHoldings.where('inspectionId').equals(id).toArray()).map((h) => h.userId)).toEqual([chi, chi]);
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A'], userId: null });
		expect(await db.sectionHoldings.get([id, 'A'])).toBeUndefined();
		await expect(holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A'], userId: outsider })).rejects.toMatchObject({
			code: 'not_on_team'
		});
	});
});

describe('a member writes only in the sections they hold', () => {
	it('answers in a held section with the member as author; outside it is refused with section_not_held and not queued', async () => {
		const id = await teamRecord();
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A'], userId: ba });
		const answer = await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: pass, by: ba });
		expect(answer.answeredBy).toBe(ba);
		expect((await db.answers.get([id, 'A1', '']))?.answeredBy).toBe(ba);
		const before = await outboxSize();
		await expect(answerItem(db, { inspectionId: id, itemId: 'D1', officerId: '', value: pass, by: ba })).rejects.toMatchObject({
			code: 'section_not_held'
		});
		expect(await outboxSize()).toBe(before);
	});

	it('may add officers only while holding a section answered per officer', async () => {
		const id = await teamRecord();
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A'], userId: ba });
		await expect(addOfficer(db, id, { name: 'Phạm Hà', position: '', desk: '' }, ba)).rejects.toMatchObject({ code: 'section_not_held' });
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['D'], userId: ba });
		await addOfficer(db, id, { name: 'Phạm Hà', position: '', desk: '' }, ba);
		expect(await db.officers.where('inspectionId').equals(id).count()).toBe(1);
	});

	it('photographs only items of a held section; a photo of the record as a whole and removing one elsewhere are the trưởng đoàn’s', async () => {
		const id = await teamRecord();
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A'], userId: ba });
		const image = {
			bytes: new Uint8Array([255, 216, 255]).buffer,
			mime: 'image/jpeg' as const,
			sha256: 'b'.repeat(64),
			width: 4,
			height: 3
		};
		await attachPhoto(db, { inspectionId: id, itemId: 'A1', officerId: '', image, by: ba });
		for (const itemId of ['D1', null])
			await expect(attachPhoto(db, { inspectionId: id, itemId, officerId: '', image, by: ba })).rejects.toMatchObject({
				code: 'section_not_held'
			});
		const elsewhere = await attachPhoto(db, { inspectionId: id, itemId: 'D1', officerId: '', image, by: lead });
		await expect(removePhoto(db, id, elsewhere, ba)).rejects.toMatchObject({ code: 'section_not_held' });
		expect(await db.photos.where('inspectionId').equals(id).count()).toBe(2);
	});

	it('the trưởng đoàn answers anywhere, as author', async () => {
		const id = await teamRecord();
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A'], userId: ba });
		const answer = await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: fail, by: lead });
		expect(answer.answeredBy).toBe(lead);
	});
});

describe('"Đạt — tất cả công chức": pass for every officer not yet answered', () => {
	const outbox = async () => (await db.outbox.orderBy('localId').toArray()).map((e) => e.mutation);

	it('answers only the officers with no answer, each queued as its own answerItem, and never overwrites', async () => {
		const id = await teamRecord();
		const officerIds: string[] = [];
		for (const name of ['Hoa', 'Bình', 'Cúc']) officerIds.push(await addOfficer(db, id, { name, position: '', desk: '' }, lead));
		const [failed, noted, blank] = officerIds as [string, string, string];
		await answerItem(db, { inspectionId: id, itemId: 'D1', officerId: failed, value: fail, by: lead });
		const note = await answerItem(db, { inspectionId: id, itemId: 'D1', officerId: noted, note: 'Vắng 10 phút', by: lead });
		const before = (await outbox()).length;

		expect(await passAllOfficers(db, { inspectionId: id, itemId: 'D1', by: lead })).toBe(2);

		expect((await db.answers.get([id, 'D1', failed]))?.value).toEqual(fail);
		expect(await db.answers.get([id, 'D1', noted])).toMatchObject({ value: pass, note: 'Vắng 10 phút', answeredBy: lead });
		expect(await db.answers.get([id, 'D1', blank])).toMatchObject({ value: pass, note: '', answeredBy: lead });
		const queued = (await outbox()).slice(before);
		expect(queued.map((q) => [q.name, (q.args as { officerId: string }).officerId])).toEqual([
			['answerItem', noted],
			['answerItem', blank]
		]);
		expect(queued[0]!.args).toMatchObject({
			value: pass,
			note: 'Vắng 10 phút',
			basedOn: { answeredBy: lead, answeredAt: note.answeredAt }
		});
		expect(queued[1]!.args).toMatchObject({ value: pass, note: '', basedOn: null });
		expect(queued[1]!.seq).toBe(queued[0]!.seq + 1);

		// Again: everyone has an answer now, so nothing is written or queued.
		expect(await passAllOfficers(db, { inspectionId: id, itemId: 'D1', by: lead })).toBe(0);
		expect((await outbox()).length).toBe(before + 2);
	});

	it('a member only in a section they hold, as author, opening their part; elsewhere refused with nothing written', async () => {
		const id = await teamRecord();
		const officer = await addOfficer(db, id, { name: 'Hoa', position: '', desk: '' }, lead);
		const before = await outboxSize();
		await expect(passAllOfficers(db, { inspectionId: id, itemId: 'D1', by: ba })).rejects.toMatchObject({ code: 'section_not_held' });
		expect(await outboxSize()).toBe(before);
		expect(await db.answers.count()).toBe(0);

		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['D'], userId: ba });
		expect(await passAllOfficers(db, { inspectionId: id, itemId: 'D1', by: ba })).toBe(1);
		expect(await db.answers.get([id, 'D1', officer])).toMatchObject({ value: pass, answeredBy: ba });
		expect(await db.teamParts.get([id, ba])).toMatchObject({ state: 'open' });
	});

	it('refuses an item not answered per officer', async () => {
		const id = await teamRecord();
		await addOfficer(db, id, { name: 'Hoa', position: '', desk: '' }, lead);
		await expect(passAllOfficers(db, { inspectionId: id, itemId: 'A1', by: lead })).rejects.toThrow(/per officer/);
		expect(await db.answers.count()).toBe(0);
	});
});

describe('"Tất cả mục còn lại trong phần này: Đạt": the rest of a section, confirmed', () => {
	const outbox = async () => (await db.outbox.orderBy('localId').toArray()).map((e) => e.mutation);

	it('passes every pass/fail slot left, says so on each answer and its intent, and leaves figures and given answers', async () => {
		const id = await teamRecord();
		const [hoa, binh] = [
			await addOfficer(db, id, { name: 'Hoa', position: '', desk: '' }, lead),
			await addOfficer(db, id, { name: 'Bình', position: '', desk: '' }, lead)
		];
		await answerItem(db, { inspectionId: id, itemId: 'D1', officerId: binh, value: fail, by: lead });
		const before = (await outbox()).length;

		expect(await passRestOfSection(db, { inspectionId: id, sectionId: 'D', by: lead })).toBe(1);
		expect(await db.answers.get([id, 'D1', hoa])).toMatchObject({ value: pass, via: 'section_rest_pass', answeredBy: lead });
		expect(await db.answers.get([id, 'D1', binh])).toMatchObject({ value: fail });
		expect((await db.answers.get([id, 'D1', binh]))?.via).toBeUndefined();
		expect((await outbox()).slice(before)).toMatchObject([
			{ name: 'answerItem', args: { itemId: 'D1', officerId: hoa, value: pass, via: 'section_rest_pass', basedOn: null } }
		]);

		// Section A: the pass/fail item only; the count (A2) waits for its figures.
		expect(await passRestOfSection(db, { inspectionId: id, sectionId: 'A', by: lead })).toBe(1);
		expect(await db.answers.get([id, 'A2', ''])).toBeUndefined();
		expect(await passRestOfSection(db, { inspectionId: id, sectionId: 'A', by: lead })).toBe(0);
		expect((await outbox()).length).toBe(before + 2);
	});

	it('a note keeps the mark; a new value given by a tap drops it', async () => {
		const id = await teamRecord();
		await passRestOfSection(db, { inspectionId: id, sectionId: 'A', by: lead });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'Bảng niêm yết mới', by: lead });
		expect(await db.answers.get([id, 'A1', ''])).toMatchObject({ via: 'section_rest_pass', note: 'Bảng niêm yết mới' });
		expect((await db.outbox.orderBy('localId').last())!.mutation.args).toMatchObject({ via: 'section_rest_pass' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: fail, by: lead });
		expect((await db.answers.get([id, 'A1', '']))?.via).toBeUndefined();
		expect((await db.outbox.orderBy('localId').last())!.mutation.args).not.toHaveProperty('via');
	});

	it('a member only in a section they hold; elsewhere refused with nothing written', async () => {
		const id = await teamRecord();
		const before = await outboxSize();
		await expect(passRestOfSection(db, { inspectionId: id, sectionId: 'A', by: ba })).rejects.toMatchObject({ code: 'section_not_held' });
		expect(await outboxSize()).toBe(before);
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A'], userId: ba });
		expect(await passRestOfSection(db, { inspectionId: id, sectionId: 'A', by: ba })).toBe(1);
		expect(await db.answers.get([id, 'A1', ''])).toMatchObject({ answeredBy: ba, via: 'section_rest_pass' });
	});
});

describe('basedOn: the answer the user saw', () => {
	it('is null for a first answer, then the stamp of the answer shown', async () => {
		const id = await teamRecord();
		await holdSections(db, who(lead), { inspectionId: id, sectionIds: ['A'], userId: ba });
		const first = await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: pass, by: ba });
		expect((await lastMutation()).args).toMatchObject({ itemId: 'A1', basedOn: null });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: fail, by: lead });
		expect((await lastMutation()).args).toMatchObject({ basedOn: { answeredBy: ba, answeredAt: first.answeredAt } });
	});

	it('is left out over an answer stored before answers had authors (the server replaces it, as before)', async () => {
		const id = await teamRecord();
		await db.answers.put({
			inspectionId: id,
			itemId: 'A1',
			officerId: '',
			value: pass,
			note: '',
			answeredAt: '2026-01-01T00:00:00.000Z',
			answeredBy: ''
		});
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: fail, by: lead });
		expect((await lastMutation()).args).not.toHaveProperty('basedOn');
	});
});

describe('the trưởng đoàn chooses between two answers', () => {
	async function conflicted(id: string) {
		const versions = [
			{ value: pass, note: '', answeredBy: ba, answeredAt: '2026-01-01T01:00:00.000Z' },
			{ value: fail, note: 'Thiếu bảng', answeredBy: chi, answeredAt: '2026-01-01T02:00:00.000Z' }
		];
		await db.answers.put({ inspectionId: id, itemId: 'A1', officerId: '', ...versions[0]! });
		await db.answerConflicts.put({
			inspectionId: id,
			itemId: 'A1',
			officerId: '',
			versions,
			resolvedBy: null,
			resolvedAt: null,
			chosen: null
		});
		return versions;
	}

	it('the chosen version becomes the answer with its own author and time; the conflict stays listed, resolved', async () => {
		const id = await teamRecord();
		const versions = await conflicted(id);
		const chosen = { answeredBy: chi, answeredAt: versions[1]!.answeredAt };
		await resolveAnswerConflict(db, lead, { inspectionId: id, itemId: 'A1', officerId: '', chosen });
		expect(await db.answers.get([id, 'A1', ''])).toMatchObject({ value: fail, note: 'Thiếu bảng', answeredBy: chi });
		expect(await db.answerConflicts.get([id, 'A1', ''])).toMatchObject({ resolvedBy: lead, chosen });
		expect(await lastMutation()).toMatchObject({ name: 'resolveAnswerConflict', args: { chosen } });
	});

	it('a member may not choose, and an unknown version is refused', async () => {
		const id = await teamRecord();
		const versions = await conflicted(id);
		await expect(
			resolveAnswerConflict(db, ba, {
				inspectionId: id,
				itemId: 'A1',
				officerId: '',
				chosen: { answeredBy: ba, answeredAt: versions[0]!.answeredAt }
			})
		).rejects.toMatchObject({ code: 'author_only' });
		await expect(
			resolveAnswerConflict(db, lead, {
				inspectionId: id,
				itemId: 'A1',
				officerId: '',
				chosen: { answeredBy: lead, answeredAt: versions[0]!.answeredAt }
			})
		).rejects.toMatchObject({ code: 'unknown_answer_version' });
	});
});

describe('finishing as a team', () => {
	async function answeredByTeam(id: string) {
		await holdSections(db, who(ba), { inspectionId: id, sectionIds: ['A'], userId: ba });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: pass, by: ba });
		await answerItem(db, { inspectionId: id, itemId: 'A2', officerId: '', value: { kind: 'count', numerator: 1, denominator: 1 }, by: ba });
		await signBoth(db, id);
	}

	it("refuses to submit while a member's part is out, and submits once it is handed in", async () => {
		const id = await teamRecord();
		await answeredByTeam(id);
		const refused = await submitInspection(db, id, tinyTemplate).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(RecordIncompleteError);
		expect((refused as RecordIncompleteError).refusal.code).toBe('team_parts_outstanding');
		await handInPart(db, ba, id);
		expect(await db.teamParts.get([id, ba])).toMatchObject({ state: 'handed_in', via: 'server' });
		await submitInspection(db, id, tinyTemplate);
		expect((await db.inspections.get(id))?.status).toBe('submitted');
	});

	it('refuses while a conflict is open; a released member no longer blocks; a release needs a reason', async () => {
		const id = await teamRecord();
		await answeredByTeam(id);
		await expect(releaseMember(db, lead, { inspectionId: id, userId: ba, reason: '' })).rejects.toThrow();
		await releaseMember(db, lead, { inspectionId: id, userId: ba, reason: 'Điện thoại hết pin' });
		expect(await db.teamParts.get([id, ba])).toMatchObject({ state: 'released', reason: 'Điện thoại hết pin' });
		await db.answerConflicts.put({
			inspectionId: id,
			itemId: 'A1',
			officerId: '',
			versions: [],
			resolvedBy: null,
			resolvedAt: null,
			chosen: null
		});
		const refused = await submitInspection(db, id, tinyTemplate).catch((e: unknown) => e);
		expect((refused as RecordIncompleteError).refusal.code).toBe('answer_conflicts_open');
	});

	it('only the trưởng đoàn releases; the trưởng đoàn has no part to hand in', async () => {
		const id = await teamRecord();
		await expect(releaseMember(db, ba, { inspectionId: id, userId: chi, reason: 'Vắng mặt' })).rejects.toMatchObject({
			code: 'author_only'
		});
		await expect(handInPart(db, lead, id)).rejects.toMatchObject({ code: 'author_only' });
	});

	it("a member's change after the hand-in opens their part again; taking a section lists it", async () => {
		const id = await teamRecord();
		await holdSections(db, who(ba), { inspectionId: id, sectionIds: ['A'], userId: ba });
		expect(await db.teamParts.get([id, ba])).toMatchObject({ state: 'open' });
		await handInPart(db, ba, id);
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: fail, by: ba });
		expect(await db.teamParts.get([id, ba])).toMatchObject({ state: 'open', at: null });
	});
});

describe('the trưởng đoàn adds a colleague to an unplanned visit', () => {
	it("puts the account on the team and queues the header's team; twice is refused, and only the trưởng đoàn adds", async () => {
		const id = await createInspection(db, { header: { ...header, team: [teamHeader.team[0]!] }, template: tinyTemplate, createdBy: lead });
		const account = { id: chi, name: 'Lê Thị Chi' };
		await addTeamAccount(db, lead, { inspectionId: id, account, role: 'thu_ky' });
		expect((await db.inspections.get(id))?.team.map((m) => [m.userId, m.role])).toEqual([
			[lead, 'truong_doan'],
			[chi, 'thu_ky']
		]);
		expect(await lastMutation()).toMatchObject({
			name: 'updateInspectionHeader',
			args: { patch: { team: [{ userId: lead }, { userId: chi, name: 'Lê Thị Chi' }] } }
		});
		await expect(addTeamAccount(db, lead, { inspectionId: id, account, role: 'thanh_vien' })).rejects.toMatchObject({
			code: 'already_exists'
		});
		await expect(
			addTeamAccount(db, chi, { inspectionId: id, account: { id: ba, name: 'Trần Văn Ba' }, role: 'thanh_vien' })
		).rejects.toMatchObject({
			code: 'author_only'
		});
	});
});
