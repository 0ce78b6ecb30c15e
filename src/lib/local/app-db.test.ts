import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { AppDb } from './app-db';

describe('device database upgrades', () => {
	it('keeps answers stored before issue 17, with no author (answeredBy ""), and opens the team tables', async () => {
		const name = 'upgrade-to-team-record';
		// The database as version 4 of the app left it.
		const old = new Dexie(name);
		old.version(4).stores({ answers: '[inspectionId+itemId+officerId], inspectionId', meta: 'key' });
		await old.open();
		await old.table('answers').add({
			inspectionId: 'i1',
			itemId: 'A1',
			officerId: '',
			value: { kind: 'pass', result: 'pass' },
			note: 'seen',
			answeredAt: '2026-01-01T00:00:00.000Z'
		});
		old.close();

		const db = new AppDb(name);
		await db.open();
		const answer = await db.answers.get(['i1', 'A1', '']);
		expect(answer).toMatchObject({ note: 'seen', answeredBy: '' });
		await db.sectionHoldings.put({ inspectionId: 'i1', sectionId: 'A', userId: 'u2' });
		await db.teamParts.put({ inspectionId: 'i1', userId: 'u2', state: 'open', via: null, reason: '', at: null });
		expect(await db.sectionHoldings.where('inspectionId').equals('i1').count()).toBe(1);
		expect(await db.teamParts.get(['i1', 'u2'])).toMatchObject({ state: 'open' });
		await db.delete();
	});
});
