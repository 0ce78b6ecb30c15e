import { describe, expect, it } from 'vitest';
import type { Principal } from './principal';
import { canEditRoster, canReadRoster, rosterOfficerCreateSchema, searchRoster, type RosterOfficer } from './roster';

const officer = (name: string, more: Partial<RosterOfficer> = {}): RosterOfficer => ({
	id: '0199a1b2-5e00-7d10-8e00-00000000a001',
	unitCode: 70,
	name,
	position: '',
	field: '',
	active: true,
	updatedAt: '2026-12-01T08:00:00.000Z',
	...more
});

describe('searchRoster', () => {
	const roster = [
		officer('Trần Văn Nam', { field: 'Đất đai' }),
		officer('Nguyễn Thị Hoa', { position: 'Công chức tư pháp - hộ tịch', field: 'Hộ tịch' }),
		officer('Đỗ Hải Yến', { active: false }),
		officer('Lê Minh Đức', { field: 'Đất đai' })
	];
	const names = (query: string) => searchRoster(roster, query).map((o) => o.name);

	it('finds without diacritics, in any case, across name, position and field', () => {
		expect(names('nguyen')).toEqual(['Nguyễn Thị Hoa']);
		expect(names('HO TICH')).toEqual(['Nguyễn Thị Hoa']);
		expect(names('dat dai')).toEqual(['Lê Minh Đức', 'Trần Văn Nam']);
		expect(names('duc dat')).toEqual(['Lê Minh Đức']);
	});

	it('lists every active officer by name for an empty query, never those who left', () => {
		expect(names('  ')).toEqual(['Lê Minh Đức', 'Nguyễn Thị Hoa', 'Trần Văn Nam']);
		expect(names('hai yen')).toEqual([]);
	});
});

describe('who reads and keeps a roster', () => {
	const unit = { code: 70, provinceCode: 1 };
	const p = (role: Principal['role'], provinceCode: number | null, unitCode: number | null = null): Principal => ({
		userId: 'u',
		role,
		provinceCode,
		unitCode
	});

	it('lets the ward of the unit read and keep it, and no other ward', () => {
		expect([canReadRoster(p('ward', 1, 70), unit), canEditRoster(p('ward', 1, 70), unit)]).toEqual([true, true]);
		expect([canReadRoster(p('ward', 1, 4), unit), canEditRoster(p('ward', 1, 4), unit)]).toEqual([false, false]);
	});

	it('lets the province read it, and only its admins (or a national one) keep it', () => {
		for (const role of ['inspector', 'supervisor', 'admin'] as const) {
			expect(canReadRoster(p(role, 1), unit), role).toBe(true);
			expect(canReadRoster(p(role, 79), unit), role).toBe(false);
			expect(canEditRoster(p(role, 1), unit), role).toBe(role === 'admin');
		}
		expect(canEditRoster(p('admin', null), unit)).toBe(true);
		expect(canEditRoster(p('admin', 79), unit)).toBe(false);
	});
});

describe('rosterOfficerCreateSchema', () => {
	it('trims, needs a name, and defaults position and field to empty', () => {
		expect(rosterOfficerCreateSchema.parse({ name: ' Trần Văn Nam ' })).toEqual({ name: 'Trần Văn Nam', position: '', field: '' });
		expect(rosterOfficerCreateSchema.safeParse({ name: ' ' }).success).toBe(false);
	});
});
