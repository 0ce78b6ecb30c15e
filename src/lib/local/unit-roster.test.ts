import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UnitRoster } from '$lib/domain/roster';
import type { AppDb } from './app-db';
import { freshDbPerTest } from './test-db';
import { addToRoster, cachedRoster, refreshRoster } from './unit-roster';

let db: AppDb;
freshDbPerTest('unit-roster', (d) => (db = d));
afterEach(() => vi.unstubAllGlobals());

const officer = {
	id: '0199a1b2-5e00-7d10-8e00-00000000a001',
	unitCode: 70,
	name: 'Nguyễn Thị Hoa',
	position: 'Công chức tư pháp - hộ tịch',
	field: 'Hộ tịch',
	active: true,
	updatedAt: '2026-12-01T08:00:00.000Z'
};
const roster: UnitRoster = { unitCode: 70, officers: [officer] };

const answer = (body: unknown, status = 200) => vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status })));

describe("the device's copy of a unit's roster", () => {
	it('keeps each unit’s answer apart, for picking officers offline', async () => {
		vi.stubGlobal('fetch', answer(roster));
		expect(await refreshRoster(db, 70)).toEqual(roster);
		expect(await cachedRoster(db, 70)).toEqual(roster);
		expect(await cachedRoster(db, 4)).toBeNull();
	});

	it('answers the kept copy offline, on a refusal, or on a malformed answer', async () => {
		vi.stubGlobal('fetch', answer(roster));
		await refreshRoster(db, 70);
		vi.stubGlobal(
			'fetch',
			vi.fn(() => Promise.reject(new TypeError('Failed to fetch')))
		);
		expect(await refreshRoster(db, 70)).toEqual(roster);
		vi.stubGlobal('fetch', answer({ error: { code: 'forbidden', message: 'No' } }, 403));
		expect(await refreshRoster(db, 70)).toEqual(roster);
		vi.stubGlobal('fetch', answer({ officers: 'not a list' }));
		expect(await refreshRoster(db, 70)).toEqual(roster);
	});

	it('reports a refused change by its code, and an unreachable server as network', async () => {
		vi.stubGlobal('fetch', answer({ error: { code: 'forbidden', message: 'No' } }, 403));
		expect(await addToRoster(70, { name: 'X' })).toEqual({ ok: false, code: 'forbidden' });
		vi.stubGlobal('fetch', answer({ officer }, 201));
		expect(await addToRoster(70, { name: officer.name })).toEqual({ ok: true, officer });
		vi.stubGlobal(
			'fetch',
			vi.fn(() => Promise.reject(new TypeError('Failed to fetch')))
		);
		expect(await addToRoster(70, { name: 'X' })).toEqual({ ok: false, code: 'network' });
	});
});
