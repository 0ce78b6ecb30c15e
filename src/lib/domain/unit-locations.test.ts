import { describe, expect, it } from 'vitest';
import { parseUnitLocationsCsv } from './unit-locations';

describe('parseUnitLocationsCsv', () => {
	it('reads comma or semicolon rows with a BOM, CRLF and an extra name column', () => {
		expect(
			parseUnitLocationsCsv('\uFEFFunit_code;lat;lng;name\r\n70;21.0285;105.8542;"Phường Hoàn Kiếm"\r\n\r\n4;21.0341;105.8372\r\n')
		).toEqual({
			rows: [
				{ row: 2, unitCode: 70, lat: 21.0285, lng: 105.8542 },
				{ row: 4, unitCode: 4, lat: 21.0341, lng: 105.8372 }
			],
			errors: []
		});
	});

	it('numbers every bad row as a spreadsheet does, with its column', () => {
		const { errors } = parseUnitLocationsCsv(
			'unit_code,lat,lng\n70,21,105\nx,21,105\n71,91,105\n72,21,181\n73,21,1e2\n70,21,105\n74,21,105,5'
		);
		expect(errors).toEqual([
			{ row: 3, column: 'unit_code', message: 'not a unit code' },
			{ row: 4, column: 'lat', message: 'latitude must be a number from -90 to 90' },
			{ row: 5, column: 'lng', message: 'longitude must be a number from -180 to 180' },
			{ row: 6, column: 'lng', message: 'longitude must be a number from -180 to 180' },
			{ row: 7, column: 'unit_code', message: 'unit 70 is already on row 2' }
		]);
	});

	it('refuses a file without the header', () => {
		expect(parseUnitLocationsCsv('70,21,105\n').errors).toEqual([{ row: 1, message: 'the first line must be unit_code,lat,lng' }]);
	});
});
