// Regenerates src/lib/units/units-2025.json (compact) from the official list in
// ../shared/data/vn-admin-units-2025.json. Run by hand when the official list changes.
import { readFileSync, writeFileSync } from 'node:fs';

const source = process.argv[2] ?? '../shared/data/vn-admin-units-2025.json';
const provinces = JSON.parse(readFileSync(source, 'utf8'));
const typeCode = { xã: 'x', phường: 'p', 'đặc khu': 'd' };
const compact = provinces.map((p) => [
	p.code,
	p.name,
	p.wards.map((w) => {
		const t = typeCode[w.division_type];
		if (!t) throw new Error(`unknown division_type ${w.division_type} for ${w.name}`);
		return [w.code, w.name, t];
	})
]);
writeFileSync('src/lib/units/units-2025.json', JSON.stringify(compact));
const communes = compact.reduce((n, p) => n + p[2].length, 0);
console.log(`${compact.length} provinces, ${communes} communes`);
