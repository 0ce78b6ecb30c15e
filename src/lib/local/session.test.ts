import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDb } from './app-db';
import { session, storedUser } from './session.svelte';

const user = { id: 'u-1', username: 'kiemtra', displayName: 'Nguyễn Văn A', role: 'inspector', provinceCode: 1, unitCode: null };

describe('the remembered user (read before the first paint, without zod)', () => {
	it('reads back what sign-in stored, without the password flag or anything else', () => {
		expect(storedUser(user)).toEqual(user);
		expect(storedUser({ ...user, mustChangePassword: true, extra: 'x' })).toEqual(user);
		expect(storedUser({ ...user, role: 'admin', provinceCode: null })).toEqual({ ...user, role: 'admin', provinceCode: null });
	});

	it('reads a damaged or older entry as nobody signed in', () => {
		for (const bad of [
			null,
			'kiemtra',
			[],
			{ ...user, id: '' },
			{ ...user, id: 7 },
			{ ...user, role: 'owner' },
			{ ...user, provinceCode: 1.5 },
			{ ...user, unitCode: '70' },
			{ ...user, username: undefined },
			{ ...user, displayName: null }
		])
			expect(storedUser(bad)).toBeNull();
	});
});

describe('the signed-in user’s database (issue 20: Dexie after the first paint)', () => {
	afterEach(async () => {
		const db = session.loadedDb;
		session.reset();
		await db?.delete();
	});

	it('reads IndexedDB directly until Dexie is asked for, then through Dexie, which alone opened the database', async () => {
		let opened: AppDb | null = null;
		void session.opened.then((db) => (opened = db));
		const before = session.reads;
		expect(before).not.toBeInstanceOf(AppDb);
		expect(await before.inspections.toArray()).toEqual([]);
		await Promise.resolve();
		expect(opened).toBeNull();
		expect(session.loadedDb).toBeNull();

		const db = await session.db;
		expect(db).toBeInstanceOf(AppDb);
		expect(await session.opened).toBe(db);
		expect(session.reads).toBe(db);
		expect(session.loadedDb).toBe(db);
		expect(await session.db).toBe(db);
		await db.meta.put({ key: 'lastSyncAt', value: 'x' });
		expect(db.verno).toBe(6);
	});
});
