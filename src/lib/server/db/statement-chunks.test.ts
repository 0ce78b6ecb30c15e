import { describe, expect, it } from 'vitest';
import { STATEMENT_CHARS, statementChunks, textLength } from './statement-chunks';

describe('statementChunks', () => {
	const rows = (n: number, chars: number) => Array.from({ length: n }, (_, i) => ({ i, note: 'ộ'.repeat(chars) }));

	it('keeps a group of ordinary rows in one statement, cut only by count', () => {
		expect(statementChunks(rows(500, 400), 500, textLength).map((c) => c.length)).toEqual([500]);
		expect(statementChunks(rows(1200, 10), 500, textLength).map((c) => c.length)).toEqual([500, 500, 200]);
	});

	it('cuts long rows by size, in order, none lost and none empty', () => {
		const long = rows(500, 5000);
		const chunks = statementChunks(long, 500, textLength);
		expect(chunks.length).toBeGreaterThan(5);
		for (const chunk of chunks) expect(chunk.reduce((n, r) => n + textLength(r), 0)).toBeLessThanOrEqual(STATEMENT_CHARS);
		expect(chunks.flat()).toEqual(long);
	});

	it('gives a row larger than the bound a statement of its own', () => {
		const chunks = statementChunks([...rows(1, 10), ...rows(1, STATEMENT_CHARS + 1), ...rows(1, 10)], 500, textLength);
		expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
		expect(statementChunks([], 500, textLength)).toEqual([]);
	});
});
