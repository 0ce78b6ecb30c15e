/**
 * A member's part from their phone to the trưởng đoàn's, both as Dexie databases (fake-indexeddb):
 * built from the member's queue and signed there, merged here with decideAnswer (the member stays
 * the author, a differing answer becomes a conflict) in one transaction with its relayPart; a
 * part that is not the member's, or not for a member, merges nothing.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from './app-db';
import { ensureDeviceKey, storeTeamKeys } from './device-keys';
import { answerItem, createInspection } from './inspection-actions';
import { buildMyPart, mergePart, NothingToSendError } from './team-part-exchange';
import { handInPart } from './team-actions';
import { header, tinyTemplate } from './test-fixtures';
import { saveTemplateVersions } from './template-store';

const lead = '01900000-0000-7000-8000-00000000000a';
const ba = '01900000-0000-7000-8000-00000000000b';
const chi = '01900000-0000-7000-8000-00000000000c';
const pass = { kind: 'pass', result: 'pass' } as const;
const fail = { kind: 'pass', result: 'fail' } as const;
const person = (userId: string, name: string, role: 'truong_doan' | 'thanh_vien') => ({
	userId,
	name,
	role,
	position: '',
	organisation: ''
});
const teamHeader = { ...header, team: [person(lead, 'Nguyễn Văn An', 'truong_doan'), person(ba, 'Trần Văn Ba', 'thanh_vien')] };

let n = 0;
let leadDb: AppDb;
let memberDb: AppDb;
let id: string;

async function keepTemplate(db: AppDb) {
	const at = '2026-01-01T00:00:00.000Z';
	await saveTemplateVersions(db, [
		{
			templateId: tinyTemplate.id,
			version: tinyTemplate.version,
			name: tinyTemplate.name,
			status: 'published',
			effectiveFrom: '2026-01-01',
			createdAt: at,
			updatedAt: at,
			publishedAt: at,
			retiredAt: null,
			scopeProvinceCode: null,
			basedOn: null,
			createdBy: null,
			template: tinyTemplate
		}
	]);
}

/** The trưởng đoàn's record, with section A handed to Ba, as both phones hold it after a sync. */
beforeEach(async () => {
	n++;
	leadDb = new AppDb(`qr-lead-${n}`);
	memberDb = new AppDb(`qr-member-${n}`);
	await Promise.all([leadDb.open(), memberDb.open(), keepTemplate(leadDb), keepTemplate(memberDb)]);
	id = await createInspection(leadDb, { header: teamHeader, template: tinyTemplate, createdBy: lead });
	await leadDb.outbox.clear();
	await memberDb.inspections.put((await leadDb.inspections.get(id))!);
	for (const db of [leadDb, memberDb]) await db.sectionHoldings.put({ inspectionId: id, sectionId: 'A', userId: ba });
	// Online before the visit: Ba's phone has its key, the trưởng đoàn's holds its public half.
	const key = await ensureDeviceKey(memberDb, ba);
	await storeTeamKeys(leadDb, { inspectionId: id, keys: [{ userId: ba, keyId: key.keyId, publicJwk: key.publicJwk }] });
});

afterEach(async () => {
	await Promise.all([leadDb.delete(), memberDb.delete()]);
});

describe('a member’s part by QR, phone to phone', () => {
	it('merges the member’s answers as theirs, a differing one as a conflict, and queues relayPart in the same step', async () => {
		await answerItem(memberDb, { inspectionId: id, itemId: 'A1', officerId: '', value: pass, by: ba });
		await answerItem(memberDb, {
			inspectionId: id,
			itemId: 'A2',
			officerId: '',
			value: { kind: 'count', numerator: 3, denominator: 4 },
			by: ba
		});
		await handInPart(memberDb, ba, id);
		// Offline meanwhile, the trưởng đoàn answered A1 otherwise, without seeing Ba's.
		await answerItem(leadDb, { inspectionId: id, itemId: 'A1', officerId: '', value: fail, by: lead });

		const { part, chunks } = await buildMyPart(memberDb, ba, id);
		expect(part.mutations.map((m) => [m.name, m.args.itemId])).toEqual([
			['answerItem', 'A1'],
			['answerItem', 'A2'],
			['handInPart', undefined]
		]);
		expect(chunks.length).toBeGreaterThan(0);

		const merged = await mergePart(leadDb, lead, part);
		expect(merged).toEqual({ ok: true, report: { merged: 3, conflicts: 1, skipped: 0, already: false } });
		expect(await leadDb.answers.get([id, 'A2', ''])).toMatchObject({ answeredBy: ba, value: { numerator: 3 } });
		const conflict = await leadDb.answerConflicts.get([id, 'A1', '']);
		expect(conflict?.versions.map((v) => [v.answeredBy, v.value])).toEqual(
			expect.arrayContaining([
				[lead, fail],
				[ba, pass]
			])
		);
		expect(conflict?.resolvedAt).toBeNull();
		expect(await leadDb.teamParts.get([id, ba])).toMatchObject({ state: 'handed_in', via: 'qr' });
		const queued = await leadDb.outbox.toArray();
		expect(queued.map((e) => e.mutation.name)).toEqual(['answerItem', 'relayPart']);
		expect(queued[1]!.mutation.args).toEqual(part);

		// The same codes read twice: nothing new, nothing queued again.
		expect(await mergePart(leadDb, lead, part)).toEqual({ ok: true, report: { merged: 0, conflicts: 0, skipped: 0, already: true } });
		expect(await leadDb.outbox.count()).toBe(2);
	});

	it('leaves out what the member could not do: an answer in a section they do not hold', async () => {
		await memberDb.sectionHoldings.put({ inspectionId: id, sectionId: 'D', userId: ba });
		await answerItem(memberDb, { inspectionId: id, itemId: 'A1', officerId: '', value: pass, by: ba });
		// On the trưởng đoàn's phone, D is not Ba's.
		await memberDb.outbox.add({
			mutation: { ...(await memberDb.outbox.toCollection().last())!.mutation, mutationId: '01900000-0000-7000-8000-0000000000d1', seq: 99 },
			inspectionId: id,
			state: 'pending',
			attempts: 0,
			lastError: null
		});
		const last = await memberDb.outbox.orderBy('localId').last();
		await memberDb.outbox.update(last!.localId, { 'mutation.args.itemId': 'D1', 'mutation.args.officerId': '' });
		const { part } = await buildMyPart(memberDb, ba, id);
		const merged = await mergePart(leadDb, lead, part);
		expect(merged).toMatchObject({ ok: true, report: { merged: 1, skipped: 1 } });
		expect(await leadDb.answers.get([id, 'D1', ''])).toBeUndefined();
	});

	it('merges nothing from a part whose key this phone does not hold, that was altered, or that is not a member’s', async () => {
		await answerItem(memberDb, { inspectionId: id, itemId: 'A1', officerId: '', value: pass, by: ba });
		const { part } = await buildMyPart(memberDb, ba, id);
		const untouched = async () => {
			expect(await leadDb.answers.get([id, 'A1', ''])).toBeUndefined();
			expect(await leadDb.outbox.count()).toBe(0);
		};

		const altered = structuredClone(part);
		altered.mutations[0]!.args.value = fail;
		expect(await mergePart(leadDb, lead, altered)).toEqual({ ok: false, code: 'bad_signature' });
		await untouched();

		// Chi is not on this record's team.
		expect(await mergePart(leadDb, lead, { ...part, userId: chi })).toEqual({ ok: false, code: 'not_on_team' });
		// Only the trưởng đoàn merges.
		expect(await mergePart(leadDb, ba, part)).toEqual({ ok: false, code: 'not_lead' });

		await leadDb.teamKeys.clear();
		expect(await mergePart(leadDb, lead, part)).toEqual({ ok: false, code: 'unknown_key' });
		await untouched();
	});

	it('has nothing to send when the member’s queue holds nothing for the record', async () => {
		await expect(buildMyPart(memberDb, ba, id)).rejects.toBeInstanceOf(NothingToSendError);
	});
});
