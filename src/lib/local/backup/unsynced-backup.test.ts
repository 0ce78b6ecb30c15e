import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDb } from '../app-db';
import { answerItem, attachPhoto, createInspection } from '../inspection-actions';
import { clientId } from '../outbox';
import { header, tinyTemplate } from '../test-fixtures';
import { BackupFileError } from './backup-file';
import { BackupRestoreError, exportUnsynced, restoreUnsynced } from './unsynced-backup';

const FAST = 1_000;
const USER = 'u1';
let n = 0;
const opened: AppDb[] = [];
async function device(): Promise<AppDb> {
	const db = new AppDb(`backup-${++n}`);
	await db.open();
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

/** A record with an answer and a photo not yet uploaded, all still in the outbox. */
async function unsyncedWork(db: AppDb) {
	const id = await createInspection(db, { header, template: tinyTemplate, createdBy: USER });
	await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'fail' } });
	const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]).buffer;
	const image = { bytes, mime: 'image/jpeg' as const, sha256: 'b'.repeat(64), width: 4, height: 3 };
	await attachPhoto(db, { inspectionId: id, itemId: 'A1', officerId: '', image });
	return id;
}

const queue = async (db: AppDb) => (await db.outbox.orderBy('localId').toArray()).map((e) => [e.mutation.mutationId, e.mutation.seq]);

describe('backup of unsynced work', () => {
	it('restores records, queue and photo bytes on a wiped device, continuing the first phone’s queue', async () => {
		const phone = await device();
		const id = await unsyncedWork(phone);
		const { file, summary } = await exportUnsynced(phone, USER, 'mật khẩu dài', undefined, FAST);
		expect(summary).toMatchObject({ records: 1, entries: 3, blobs: 1 });

		const wiped = await device();
		const report = await restoreUnsynced(wiped, USER, file, 'mật khẩu dài');
		expect(report).toMatchObject({ entries: 3, skipped: 0, blobs: 1, records: 1 });
		expect(await queue(wiped)).toEqual(await queue(phone));
		expect(await clientId(wiped)).toBe(await clientId(phone));
		expect((await wiped.meta.get('nextSeq'))?.value).toBe(4);
		expect(await wiped.inspections.get(id)).toEqual(await phone.inspections.get(id));
		expect(await wiped.answers.where('inspectionId').equals(id).count()).toBe(1);
		expect(await wiped.photos.where('inspectionId').equals(id).count()).toBe(1);
		const blob = await wiped.blobs.get('b'.repeat(64));
		expect(blob?.uploaded).toBe(0);
		expect(new Uint8Array(blob!.bytes)).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]));
		expect(await wiped.templateVersions.count()).toBe(await phone.templateVersions.count());
	});

	it('restoring the same file again adds nothing', async () => {
		const phone = await device();
		await unsyncedWork(phone);
		const { file } = await exportUnsynced(phone, USER, 'p', undefined, FAST);
		const other = await device();
		await restoreUnsynced(other, USER, file, 'p');
		const again = await restoreUnsynced(other, USER, file, 'p');
		expect(again).toMatchObject({ entries: 0, skipped: 3, rows: 0, blobs: 0 });
		expect(await other.outbox.count()).toBe(3);
	});

	it('on a device with pending work of its own, the restored entries follow it under this device’s client', async () => {
		const phone = await device();
		await unsyncedWork(phone);
		const { file } = await exportUnsynced(phone, USER, 'p', undefined, FAST);
		const borrowed = await device();
		await createInspection(borrowed, { header, template: tinyTemplate, createdBy: USER });
		const own = await clientId(borrowed);
		await restoreUnsynced(borrowed, USER, file, 'p');
		expect(await clientId(borrowed)).toBe(own);
		expect((await queue(borrowed)).map(([, seq]) => seq)).toEqual([1, 2, 3, 4]);
		expect((await borrowed.meta.get('nextSeq'))?.value).toBe(5);
	});

	it('a wrong passphrase or another account changes nothing', async () => {
		const phone = await device();
		await unsyncedWork(phone);
		const { file } = await exportUnsynced(phone, USER, 'đúng', undefined, FAST);
		const other = await device();
		await expect(restoreUnsynced(other, USER, file, 'sai')).rejects.toSatisfy(
			(e) => e instanceof BackupFileError && e.code === 'wrong_passphrase'
		);
		await expect(restoreUnsynced(other, 'u2', file, 'đúng')).rejects.toSatisfy(
			(e) => e instanceof BackupRestoreError && e.code === 'other_account'
		);
		expect(await other.outbox.count()).toBe(0);
		expect(await other.inspections.count()).toBe(0);
		expect(await other.blobs.count()).toBe(0);
	});
});
