import { strFromU8, unzipSync } from 'fflate';
import readExcelFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { columnLetter, XlsxStreamWriter } from './xlsx-stream';

const columns = [
	{ key: 'text', label: 'Văn bản' },
	{ key: 'n', label: 'Số' },
	{ key: 'flag', label: 'Cờ' }
];

/** Writes rows and returns the bytes and how many chunks had gone out before `finish`. */
async function write(rows: (string | number | boolean | null)[][], maxRows?: number) {
	const chunks: Uint8Array[] = [];
	let done = false;
	const writer = new XlsxStreamWriter(
		'dữ liệu',
		columns,
		(chunk, last) => {
			chunks.push(chunk);
			done ||= last;
		},
		maxRows
	);
	for (const row of rows) writer.addRow(row);
	await writer.settled();
	const beforeFinish = chunks.length;
	expect(done).toBe(false);
	await writer.finish();
	expect(done).toBe(true);
	return { bytes: Buffer.concat(chunks), beforeFinish };
}

describe('streamed XLSX', () => {
	it('names columns as Excel does', () => {
		expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
	});

	it('reopens with read-excel-file: typed cells, escaped text, empty cells kept in place', async () => {
		const { bytes } = await write([
			['Chưa niêm yết <đủ> & "đúng"', 3, true],
			[null, -2.5, false],
			['=1+1', null, null],
			['bell\u0007 removed', 0, true]
		]);
		const [sheet] = await readExcelFile(bytes);
		expect(sheet!.sheet).toBe('dữ liệu');
		expect(sheet!.data).toEqual([
			['Văn bản', 'Số', 'Cờ'],
			['Chưa niêm yết <đủ> & "đúng"', 3, true],
			[null, -2.5, false],
			['=1+1', null, null],
			['bell removed', 0, true]
		]);
	});

	it('continues on a new sheet, header repeated, when a sheet is full', async () => {
		const { bytes } = await write(
			Array.from({ length: 5 }, (_, i) => [`r${i}`, i, false]),
			3
		);
		const sheets = await readExcelFile(bytes);
		expect(sheets.map((s) => s.sheet)).toEqual(['dữ liệu', 'dữ liệu (2)', 'dữ liệu (3)']);
		expect(sheets.map((s) => s.data.map((r) => r[0]))).toEqual([
			['Văn bản', 'r0', 'r1'],
			['Văn bản', 'r2', 'r3'],
			['Văn bản', 'r4']
		]);
	});

	it('keeps the texts of a repeating column once, in the shared-strings table; other texts stay inline', async () => {
		const chunks: Uint8Array[] = [];
		const writer = new XlsxStreamWriter('dữ liệu', [{ label: 'Đơn vị', repeats: true }, { label: 'Ghi chú' }, { label: 'Số' }], (chunk) =>
			chunks.push(chunk)
		);
		writer.addRows(
			['Phường Ba Đình'],
			[
				['một', 1],
				['hai', 2]
			]
		);
		writer.addRows(['Phường Hoàn Kiếm & <Tây>'], [['ba', 3]]);
		writer.addRows(['Phường Ba Đình'], [['bốn', 4]]);
		await writer.finish();
		const bytes = Buffer.concat(chunks);
		const files = unzipSync(bytes);
		const sst = strFromU8(files['xl/sharedStrings.xml']!);
		expect([...sst.matchAll(/<si><t>([^<]*)<\/t><\/si>/g)].map((m) => m[1])).toEqual([
			'Phường Ba Đình',
			'Phường Hoàn Kiếm &amp; &lt;Tây&gt;'
		]);
		expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toContain('<is><t>bốn</t></is>');
		const [sheet] = await readExcelFile(bytes);
		expect(sheet!.data).toEqual([
			['Đơn vị', 'Ghi chú', 'Số'],
			['Phường Ba Đình', 'một', 1],
			['Phường Ba Đình', 'hai', 2],
			['Phường Hoàn Kiếm & <Tây>', 'ba', 3],
			['Phường Ba Đình', 'bốn', 4]
		]);
	});

	it('hands bytes out while rows are still being added, not only at the end', async () => {
		const rows = Array.from({ length: 20_000 }, (_, i) => [`Hàng ${i} ${'x'.repeat(i % 50)}`, i, i % 2 === 0]);
		expect((await write(rows)).beforeFinish).toBeGreaterThan(5);
	});
});
