/**
 * Rows of a multi-row statement, cut into statements by count and by size. A count alone is not
 * enough: 500 answers with notes of 5,000 characters make a statement of several megabytes, which
 * better-sqlite3 runs as one synchronous call, holding up every other request for its whole length
 * (tests/integration/event-loop.test.ts); cut by size as well, the push gives the event loop a
 * turn between its pieces (sent-writes.ts).
 */

/** Characters of text per statement: a group of 500 ordinary answers (about 400 each) stays one statement. */
export const STATEMENT_CHARS = 256 * 1024;

/**
 * Consecutive slices of `rows`, each of at most `maxRows` rows and, past its first row, at most
 * STATEMENT_CHARS characters as `size` counts them.
 */
export function statementChunks<T>(rows: readonly T[], maxRows: number, size: (row: T) => number): T[][] {
	const chunks: T[][] = [];
	let chunk: T[] = [];
	let chars = 0;
	for (const row of rows) {
		const length = size(row);
		if (chunk.length > 0 && (chunk.length >= maxRows || chars + length > STATEMENT_CHARS)) {
			chunks.push(chunk);
			chunk = [];
			chars = 0;
		}
		chunk.push(row);
		chars += length;
	}
	if (chunk.length > 0) chunks.push(chunk);
	return chunks;
}

/** The characters of a row's text values, the measure `statementChunks` cuts by. */
export function textLength(row: object): number {
	let length = 0;
	for (const value of Object.values(row)) if (typeof value === 'string') length += value.length;
	return length;
}
