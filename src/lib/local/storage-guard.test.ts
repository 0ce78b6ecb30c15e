import { describe, expect, it } from 'vitest';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { classifyStorageError, guardedWrite, StorageError } from './storage-guard';

let db: AppDb;
freshDbPerTest('guard', (fresh) => (db = fresh));

describe('guardedWrite', () => {
	it('reopens a closed database and retries the write once', async () => {
		let calls = 0;
		db.close();
		const result = await guardedWrite(db, async () => {
			calls++;
			await db.meta.put({ key: 'lastSyncAt', value: 'x' });
			return 'ok';
		});
		expect(result).toBe('ok');
		expect(calls).toBe(2);
		expect((await db.meta.get('lastSyncAt'))?.value).toBe('x');
	});

	it('turns a lost connection that persists into a Vietnamese message', async () => {
		const lost = Object.assign(new Error('Connection to Indexed Database server lost. Refresh the page to try again'), {
			name: 'UnknownError'
		});
		const err = await guardedWrite(db, () => Promise.reject(lost)).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(StorageError);
		expect((err as StorageError).problem).toBe('connection');
		expect((err as StorageError).problem).toBe('connection');
	});

	it('reports a quota error without retrying and keeps earlier rows', async () => {
		await db.meta.put({ key: 'clientId', value: 'kept' });
		let calls = 0;
		const quota = Object.assign(new Error('inner'), { name: 'AbortError', inner: { name: 'QuotaExceededError', message: 'full' } });
		const err = await guardedWrite(db, () => {
			calls++;
			return Promise.reject(quota);
		}).catch((e: unknown) => e);
		expect(calls).toBe(1);
		expect((err as StorageError).problem).toBe('quota');
		expect((err as StorageError).problem).toBe('quota');
		expect((await db.meta.get('clientId'))?.value).toBe('kept');
	});

	it('classifies errors by name and nested cause', () => {
		expect(classifyStorageError({ name: 'DatabaseClosedError', message: '' })).toBe('connection');
		expect(classifyStorageError({ name: 'Error', message: 'x', cause: { name: 'QuotaExceededError' } })).toBe('quota');
		expect(classifyStorageError(new Error('something else'))).toBe('unknown');
	});
});
