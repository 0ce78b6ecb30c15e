import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UnitDirectory } from '$lib/domain/units-2025';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { cachedUnitDirectory, refreshUnitDirectory } from './unit-directory';

let db: AppDb;
freshDbPerTest('unit-directory', (d) => (db = d));
afterEach(() => vi.unstubAllGlobals());

const directory: UnitDirectory = {
	province: { code: 1, name: 'Thành phố Hà Nội' },
	centres: [
		{ code: 900_100, kind: 'provincial_centre', name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội', provinceCode: 1, active: true }
	],
	receptionPoints: [{ id: '0190f3a0-0000-7000-8000-0000000000d1', unitCode: 70, name: 'Quầy chính', address: '', active: true }]
};

const answer = (body: unknown, status = 200) => vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status })));
const unreachable = () => vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));

describe("the device's copy of the unit directory", () => {
	it('keeps what the server answered, for starting a visit offline', async () => {
		vi.stubGlobal('fetch', answer(directory));
		expect(await refreshUnitDirectory(db)).toEqual(directory);
		expect(await cachedUnitDirectory(db)).toEqual(directory);
	});

	it('answers the kept copy when the server cannot be reached, refuses, or sends something else', async () => {
		vi.stubGlobal('fetch', answer(directory));
		await refreshUnitDirectory(db);
		vi.stubGlobal('fetch', unreachable());
		expect(await refreshUnitDirectory(db)).toEqual(directory);
		vi.stubGlobal('fetch', answer({ error: { code: 'not_signed_in', message: 'Sign in first' } }, 401));
		expect(await refreshUnitDirectory(db)).toEqual(directory);
		vi.stubGlobal('fetch', answer({ centres: 'not a list' }));
		expect(await refreshUnitDirectory(db)).toEqual(directory);
	});

	it('has nothing before the first answer', async () => {
		vi.stubGlobal('fetch', unreachable());
		expect(await refreshUnitDirectory(db)).toBeNull();
	});
});
