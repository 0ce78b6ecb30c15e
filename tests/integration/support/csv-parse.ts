/**
 * An RFC 4180 reader for tests: what a spreadsheet does with the exported text, written
 * independently of the writer (lib/domain/csv.ts) so a writer bug cannot hide behind it.
 */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"' && field === '') quoted = true;
		else if (ch === ',') {
			row.push(field);
			field = '';
		} else if (ch === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += ch;
	}
	if (field !== '' || row.length > 0) throw new Error('the file does not end with CRLF');
	return rows;
}
