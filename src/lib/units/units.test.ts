import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { loadUnits, searchCommunes } from './units';
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
