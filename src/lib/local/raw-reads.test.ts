import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppDb } from './app-db';
import { rawReads, type RawReads } from './raw-reads';
import { listInspections, listMyVisits, loadInspectionBundle, pendingChangeCount } from './inspection-queries';
import { countsFor, reviewEvents } from './review-queries';
import { answerItem, createInspection } from './inspection-actions';
import { header, tinyTemplate } from './test-fixtures';

let n = 0;
const opened: (AppDb | RawReads)[] = [];
const names: string[] = [];
function fresh(): string {
	const name = `raw-reads-${++n}`;
	names.push(name);
	return name;
}
function dexie(name: string): AppDb {
	const db = new AppDb(name);
	opened.push(db);
	return db;
}
function raw(name: string): RawReads {
	const r = rawReads(name);
	opened.push(r);
	return r;
}
const exists = async (name: string) => (await indexedDB.databases()).some((d) => d.name === name);

afterEach(async () => {
	for (const o of opened.splice(0)) o.close();
	for (const name of names.splice(0))
		await new Promise((resolve) => {
			const request = indexedDB.deleteDatabase(name);
			request.onsuccess = request.onerror = resolve;
		});
});

describe('reading the device database before Dexie has loaded (issue 20)', () => {
	it('reads a database that does not exist as empty, without creating it, and Dexie then creates it as always', async () => {
		const name = fresh();
		const r = raw(name);
		expect(await r.reads.inspections.get('x')).toBeUndefined();
		expect(await r.reads.answers.where('inspectionId').equals('x').toArray()).toEqual([]);
		expect(await pendingChangeCount(r.reads)).toBe(0);
		expect(await listInspections(r.reads)).toEqual([]);
		expect(await loadInspectionBundle(r.reads, 'x')).toBeNull();
		expect(await exists(name)).toBe(false);

		const db = dexie(name);
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		expect(db.verno).toBe(6);
		expect(db.tables.map((t) => t.name)).toContain('questionnaireVersions');
		// The reader asks again: it sees what Dexie has written since.
		expect((await listInspections(r.reads)).map((row) => row.inspection.id)).toEqual([id]);
	});

	it('reads what Dexie stored exactly as Dexie reads it', async () => {
		const name = fresh();
		const db = dexie(name);
		const first = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		const second = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerItem(db, { inspectionId: first, itemId: 'A1', officerId: '', value: { kind: 'pass', result: 'fail' } });
		await answerItem(db, { inspectionId: first, itemId: 'A1', officerId: '', note: 'Bảng cũ' });
		const r = raw(name);
		const principal = { userId: 'u1', role: 'inspector' as const, provinceCode: 1, unitCode: null };
		for (const query of [
			listInspections,
			pendingChangeCount,
			(d: AppDb | RawReads['reads']) => loadInspectionBundle(d, first),
			(d: AppDb | RawReads['reads']) => loadInspectionBundle(d, second),
			(d: AppDb | RawReads['reads']) => listMyVisits(d, 'u1', '2026-03-20'),
			(d: AppDb | RawReads['reads']) => countsFor(d, principal),
			(d: AppDb | RawReads['reads']) => reviewEvents(d, first)
		])
			expect(await query(r.reads)).toEqual(await query(db));
		expect((await loadInspectionBundle(r.reads, first))?.answers).toHaveLength(1);
		expect(await pendingChangeCount(r.reads)).toBe(4);
	});

	it('never holds up an upgrade by Dexie, here or in another tab, and reads the upgraded database after', async () => {
		const name = fresh();
		const db = dexie(name);
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		db.close();
		const r = raw(name);
		expect(await r.reads.inspections.get(id)).toBeDefined();

		class Newer extends AppDb {
			constructor(name: string) {
				super(name);
				this.version(7).stores({ notes: 'id' });
			}
		}
		const newer = new Newer(name);
		opened.push(newer);
		await newer.open();
		expect(newer.verno).toBe(7);
		expect((await r.reads.inspections.get(id))?.id).toBe(id);
	});

	it('fails a read of a store the database does not have yet (Dexie will upgrade it first)', async () => {
		const name = fresh();
		await new Promise<void>((resolve, reject) => {
			const request = indexedDB.open(name, 10);
			request.onupgradeneeded = () => request.result.createObjectStore('inspections', { keyPath: 'id' });
			request.onsuccess = () => {
				request.result.close();
				resolve();
			};
			request.onerror = () => reject(request.error ?? new Error('open failed'));
		});
		const r = raw(name);
		expect(await r.reads.inspections.toArray()).toEqual([]);
		await expect(r.reads.interviews.toArray()).rejects.toThrow();
		await expect(r.reads.inspections.where('status').equals('draft').toArray()).rejects.toThrow();
	});

	it('never writes: its reads run in read-only transactions', async () => {
		const name = fresh();
		await createInspection(dexie(name), { header, template: tinyTemplate, createdBy: 'u1' });
		const modes: IDBTransactionMode[] = [];
		const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
		try {
			await listInspections(raw(name).reads);
			modes.push(...spy.mock.calls.map((call) => call[1] ?? 'readonly'));
		} finally {
			spy.mockRestore();
		}
		expect(modes.length).toBeGreaterThan(0);
		expect(new Set(modes)).toEqual(new Set(['readonly']));
	});
});
