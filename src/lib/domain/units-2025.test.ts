import { describe, expect, it } from 'vitest';
import { loadUnits } from '$lib/units/units';
import {
	CENTRE_CODE_BASE,
	branchCode,
	communeCentreName,
	nextBranchCode,
	openPointsOf,
	provinceOfCentreCode,
	provincialCentreCode,
	provincialCentreName,
	unitKindOf,
	type UnitDirectory
} from './units-2025';

describe('unit codes of the 2025 model', () => {
	it('never collide with an official commune or province code', async () => {
		const provinces = await loadUnits();
		const official = new Set(provinces.flatMap((p) => [p.code, ...p.communes.map((c) => c.code)]));
		expect(Math.max(...official)).toBeLessThan(CENTRE_CODE_BASE);
		const centres = provinces.flatMap((p) => [provincialCentreCode(p.code), branchCode(p.code, 1), branchCode(p.code, 99)]);
		expect(centres.filter((c) => official.has(c))).toEqual([]);
		expect(new Set(centres).size).toBe(centres.length);
		// Inside what the inspection header accepts as a unit code.
		expect(Math.max(...centres)).toBeLessThanOrEqual(1_000_000);
	});

	it('tell the kind and province from the code alone', () => {
		expect(unitKindOf(70)).toBe('commune');
		expect(unitKindOf(provincialCentreCode(1))).toBe('provincial_centre');
		expect(provincialCentreCode(1)).toBe(900_100);
		expect(unitKindOf(branchCode(1, 3))).toBe('branch');
		expect(branchCode(96, 99)).toBe(909_699);
		expect(provinceOfCentreCode(branchCode(96, 99))).toBe(96);
		expect(provinceOfCentreCode(provincialCentreCode(8))).toBe(8);
		expect(provinceOfCentreCode(70)).toBeNull();
		expect(() => branchCode(1, 0)).toThrow(RangeError);
		expect(() => branchCode(1, 100)).toThrow(RangeError);
	});

	it('gives the first free branch number, and none after 99', () => {
		expect(nextBranchCode(1, [])).toBe(900_101);
		expect(nextBranchCode(1, [900_101, 900_103])).toBe(900_102);
		const all = Array.from({ length: 99 }, (_, i) => branchCode(1, i + 1));
		expect(nextBranchCode(1, all)).toBeNull();
	});

	it('names centres as the 2025 texts do', () => {
		expect(provincialCentreName('Thành phố Hà Nội')).toBe('Trung tâm Phục vụ hành chính công thành phố Hà Nội');
		expect(provincialCentreName('Tỉnh Tuyên Quang')).toBe('Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang');
		expect(communeCentreName('Phường Hoàn Kiếm')).toBe('Trung tâm Phục vụ hành chính công phường Hoàn Kiếm');
	});

	it('offers only the open reception points of the chosen unit', () => {
		const point = (id: string, unitCode: number, active: boolean) => ({ id, unitCode, name: id, address: '', active });
		const directory: UnitDirectory = {
			province: { code: 1, name: 'Thành phố Hà Nội' },
			centres: [],
			receptionPoints: [point('a', 70, true), point('b', 70, false), point('c', 900_100, true)]
		};
		expect(openPointsOf(directory, 70).map((p) => p.id)).toEqual(['a']);
		expect(openPointsOf(null, 70)).toEqual([]);
	});
});
