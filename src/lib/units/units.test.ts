import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadUnits, searchCommunes, searchProvinces } from './units';
import { foldVietnamese } from '$lib/domain/fold';

describe('official unit list', () => {
	it('holds 34 provinces and 3,321 communes (2,621 xã, 687 phường, 13 đặc khu)', async () => {
		const provinces = await loadUnits();
		const communes = provinces.flatMap((p) => p.communes);
		expect(provinces).toHaveLength(34);
		expect(communes).toHaveLength(3321);
		const count = (type: string) => communes.filter((c) => c.type === type).length;
		expect([count('xã'), count('phường'), count('đặc khu')]).toEqual([2621, 687, 13]);
		expect(new Set(communes.map((c) => c.code)).size).toBe(3321);
	});

	const official = '../shared/data/vn-admin-units-2025.json';
	it.runIf(existsSync(official))('matches the official file code for code and name for name', async () => {
		const source = JSON.parse(readFileSync(official, 'utf8')) as {
			code: number;
			wards: { code: number; name: string }[];
		}[];
		const provinces = await loadUnits();
		const ours = provinces.flatMap((p) => p.communes.map((c) => `${p.code}/${c.code}/${c.name}`));
		const theirs = source.flatMap((p) => p.wards.map((w) => `${p.code}/${w.code}/${w.name}`));
		expect(ours).toEqual(theirs);
	});
});

describe('commune search', () => {
	it('ignores diacritics and case: "hoan kiem" finds Phường Hoàn Kiếm', async () => {
		const hits = searchCommunes(await loadUnits(), 'hoan kiem');
		expect(hits.map((c) => c.name)).toContain('Phường Hoàn Kiếm');
		expect(hits[0]?.provinceName).toBe('Thành phố Hà Nội');
	});

	it('matches đ typed as d and upper case', async () => {
		const hits = searchCommunes(await loadUnits(), 'BA DINH');
		expect(hits.map((c) => c.name)).toContain('Phường Ba Đình');
	});

	it('limits to one province when asked', async () => {
		const provinces = await loadUnits();
		const hits = searchCommunes(provinces, 'phuong', { provinceCode: 1, limit: 500 });
		expect(hits.length).toBeGreaterThan(10);
		expect(hits.every((c) => c.provinceCode === 1)).toBe(true);
	});

	it('finds nothing for a name that does not exist', async () => {
		expect(searchCommunes(await loadUnits(), 'xyzzy khong co')).toEqual([]);
	});

	it('folds Vietnamese text', () => {
		expect(foldVietnamese('  Đặc khu  Côn Đảo ')).toBe('dac khu con dao');
	});
});

describe('province search', () => {
	it('ignores diacritics, case and the "Tỉnh"/"Thành phố" prefix; an empty query lists all 34 in the official order', async () => {
		const provinces = await loadUnits();
		expect(searchProvinces(provinces, '').map((p) => p.code)).toEqual(provinces.map((p) => p.code));
		expect(searchProvinces(provinces, 'ha noi').map((p) => p.name)).toEqual(['Thành phố Hà Nội']);
		expect(searchProvinces(provinces, 'DA NANG').map((p) => p.code)).toEqual([48]);
		expect(searchProvinces(provinces, 'dak lak').map((p) => p.name)).toEqual(['Tỉnh Đắk Lắk']);
		expect(searchProvinces(provinces, 'tinh thanh hoa').map((p) => p.code)).toEqual([38]);
	});

	it('names that start with the query come before names that only contain it', async () => {
		// "ha" starts Hà Nội, Hải Phòng and Hà Tĩnh, and is inside Thanh Hóa, Lai Châu and others.
		const names = searchProvinces(await loadUnits(), 'ha').map((p) => p.name);
		expect(names.slice(0, 3)).toEqual(['Thành phố Hà Nội', 'Thành phố Hải Phòng', 'Tỉnh Hà Tĩnh']);
		expect(names.slice(3)).toEqual(expect.arrayContaining(['Tỉnh Thanh Hóa', 'Tỉnh Lai Châu']));
	});
});
