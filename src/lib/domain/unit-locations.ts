/**
 * Where each unit is (proof of presence, issue 16): one point per unit code, set by a province
 * admin on /admin/units or imported from CSV (docs/units.md, "Unit locations"). Pure and shared.
 */
import { z } from 'zod';

export const latitudeSchema = z.number({ message: 'invalid_latitude' }).min(-90, 'invalid_latitude').max(90, 'invalid_latitude');
export const longitudeSchema = z.number({ message: 'invalid_longitude' }).min(-180, 'invalid_longitude').max(180, 'invalid_longitude');

/** PUT /api/admin/unit-locations/<code>: the unit's point, or null to clear it. */
export const unitLocationBodySchema = z.object({
	location: z.object({ lat: latitudeSchema, lng: longitudeSchema }).strict().nullable()
});

export interface UnitLocation {
	unitCode: number;
	lat: number;
	lng: number;
	updatedAt: string;
}

/** One row of an import file, numbered as a spreadsheet shows it (the header is row 1). */
export interface UnitLocationRow {
	row: number;
	unitCode: number;
	lat: number;
	lng: number;
}
export interface RowError {
	row: number;
	column?: string;
	message: string;
}

const HEADER = ['unit_code', 'lat', 'lng'] as const;

/**
 * Parses `unit_code,lat,lng` CSV (comma or semicolon, decimal point, optional UTF-8 BOM, a name
 * column after the three is ignored so a list exported with names imports as it is). Every bad
 * row is reported with its number; nothing is imported unless every row is good.
 */
export function parseUnitLocationsCsv(text: string): { rows: UnitLocationRow[]; errors: RowError[] } {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const split = (line: string) => line.split(/[,;]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
	const header = split(lines[0] ?? '').map((h) => h.toLowerCase());
	if (HEADER.some((h, i) => header[i] !== h))
		return { rows: [], errors: [{ row: 1, message: `the first line must be ${HEADER.join(',')}` }] };
	const rows: UnitLocationRow[] = [];
	const errors: RowError[] = [];
	const seen = new Map<number, number>();
	lines.slice(1).forEach((line, i) => {
		const row = i + 2;
		if (line.trim() === '') return;
		const [code, lat, lng] = split(line);
		const number = (text: string | undefined) => (text && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN);
		const unitCode = number(code);
		if (!Number.isInteger(unitCode) || unitCode <= 0) return errors.push({ row, column: 'unit_code', message: 'not a unit code' });
		const la = latitudeSchema.safeParse(number(lat));
		if (!la.success) return errors.push({ row, column: 'lat', message: 'latitude must be a number from -90 to 90' });
		const ln = longitudeSchema.safeParse(number(lng));
		if (!ln.success) return errors.push({ row, column: 'lng', message: 'longitude must be a number from -180 to 180' });
		const earlier = seen.get(unitCode);
		if (earlier) return errors.push({ row, column: 'unit_code', message: `unit ${unitCode} is already on row ${earlier}` });
		seen.set(unitCode, row);
		rows.push({ row, unitCode, lat: la.data, lng: ln.data });
	});
	return { rows, errors };
}
