/**
 * The device's pull loop (Dexie on fake-indexeddb) on the far-behind path (issue 21, must-show 5):
 * a supervisor's new phone pulls, in small pages of latest changes only, while an inspector keeps
 * syncing between its pages, and ends with exactly the rows a phone replaying every change has.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AppDb } from '$lib/local/app-db';
import { addOfficer, answerItem, createInspection, removeOfficer } from '$lib/local/inspection-actions';
import { pullChanges as devicePull, syncOnce } from '$lib/local/sync/sync-engine';
import type { SyncTransport } from '$lib/local/sync/transport';
import { header } from '$lib/local/test-fixtures';
import { answerValue } from './support/factories';
import { defaultTemplate } from '$lib/templates';
import { useSyncContext } from './support/sync-context';
import { serverTransport } from './support/server-transport';
import { testDatabases } from './support/test-databases';

describe.each(testDatabases)('device pull far behind on $name', (kind) => {
	const ctx = useSyncContext(kind);
	let n = 0;
	const device = () => new AppDb(`client-pull-latest-${kind.name}-${++n}-${Date.now()}`);

	/** A record answered, answered again, an officer added and removed: several writes per row. */
	async function edit(db: AppDb, createdBy: string) {
		const id = await createInspection(db, { header, template: defaultTemplate, createdBy });
		const kept = await addOfficer(db, id, { name: 'Lê Văn Cường', position: '', desk: 'Hộ tịch' });
		const gone = await addOfficer(db, id, { name: 'Phạm Thị Dung', position: '', desk: 'Đất đai' });
		for (const itemId of ['A1', 'A3', 'B2']) await answerItem(db, { inspectionId: id, itemId, officerId: '', value: answerValue(itemId) });
		await answerItem(db, { inspectionId: id, itemId: 'A3', officerId: '', value: answerValue('A3', 'fail') });
		await answerItem(db, { inspectionId: id, itemId: 'A3', officerId: '', note: 'Bảng niêm yết cũ' });
		await answerItem(db, { inspectionId: id, itemId: 'C7', officerId: kept, value: answerValue('C7') });
		await removeOfficer(db, id, gone);
		return id;
	}

	const contents = async (db: AppDb) => ({
		inspections: await db.inspections.orderBy('id').toArray(),
		officers: await db.officers.orderBy('id').toArray(),
		answers: await db.answers.toArray()
	});

	it('ends with the rows a full replay gives, while an inspector syncs between its pages', async () => {
		const inspector = ctx.newInspector();
		const phone = device();
		for (let i = 0; i < 3; i++) await edit(phone, inspector.userId);
		const toServer = serverTransport(ctx, inspector);
		await syncOnce(phone, toServer);
		expect(await phone.outbox.where('state').equals('pending').count()).toBe(0);

		const supervisor = ctx.newActor('supervisor');
		const paged = serverTransport(ctx, supervisor, { pull: { limit: 4, options: { latestOnlyBehind: 0 } } });
		let pulls = 0;
		const writing: SyncTransport = {
			...paged,
			async pull(clientId, cursor) {
				pulls++;
				// The inspector edits a record the supervisor's phone has and one it has not yet, then syncs.
				if (pulls === 2 || pulls === 4) {
					const [first] = await phone.inspections.orderBy('id').primaryKeys();
					await answerItem(phone, { inspectionId: String(first), itemId: 'A1', officerId: '', note: `Lần ${pulls}` });
					await edit(phone, inspector.userId);
					await syncOnce(phone, toServer);
				}
				return paged.pull(clientId, cursor);
			}
		};
		const fresh = device();
		await devicePull(fresh, writing);
		expect(pulls).toBeGreaterThan(4);

		const replaying = device();
		await devicePull(replaying, serverTransport(ctx, supervisor));
		const expected = await contents(replaying);
		expect(expected.inspections).toHaveLength(5);
		expect(await contents(fresh)).toEqual(expected);
		expect(paged.stats.calls).toBe(pulls);
	});
});
