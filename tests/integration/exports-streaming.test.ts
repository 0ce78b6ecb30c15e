/**
 * Exports larger than one batch (200 records), on both databases: the file holds every row once,
 * in order, across batch boundaries; the JSON API's pages resume inside a record's answers at a
 * batch boundary; and other work gets turns of the event loop while a file streams to a plain
 * stream reader (on SQLite every read completes synchronously; export-rows.ts yields between
 * batches so an export cannot hold the process until its last byte).
 */
import readExcelFile from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportColumns } from '$lib/domain/exports';
import { uuidv7 } from '$lib/domain/ids';
import { exportFile, exportPage } from '$lib/server/exports';
import { parseCsv } from './support/csv-parse';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const RECORDS = 450;
const ITEMS = ['A1', 'A2', 'A10'];

describe.each(testDatabases)('exports of several batches on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const supervisor = ctx.newActor('supervisor');
	const expected: string[] = [];

	beforeAll(async () => {
		if (kind.skipReason) return;
		const inspections = [];
		const answers = [];
		for (let n = 0; n < RECORDS; n++) {
			const id = uuidv7();
			// Pairs of records share a start time, so the keyset walk has ties to settle by id.
			const startedAt = new Date(Date.UTC(2026, 0, 1) + Math.floor(n / 2) * 3_600_000).toISOString();
			inspections.push({
				id,
				status: 'approved',
				owner_user_id: supervisor.userId,
				unit_code: n % 2 === 0 ? 4 : 70,
				province_code: 1,
				template_id: 'mac-dinh',
				template_version: '2025.1',
				created_at: startedAt,
				started_at: startedAt,
				ended_at: startedAt,
				submitted_at: startedAt,
				window_start: null,
				window_end: null,
				published_version: null,
				record_number: null,
				record_year: null,
				data: JSON.stringify({ sectionIds: ['A'], team: [] }),
				version: n + 1,
				updated_at: startedAt
			});
			for (const itemId of ITEMS)
				answers.push({
					inspection_id: id,
					item_id: itemId,
					officer_id: '',
					value: JSON.stringify({ kind: 'pass', result: n % 3 === 0 ? 'fail' : 'pass' }),
					note: `${n}`,
					answered_at: startedAt,
					version: 1,
					updated_at: startedAt
				});
		}
		for (let i = 0; i < inspections.length; i += 50)
			await ctx.db
				.insertInto('inspections')
				.values(inspections.slice(i, i + 50))
				.execute();
		for (let i = 0; i < answers.length; i += 100)
			await ctx.db
				.insertInto('answers')
				.values(answers.slice(i, i + 100))
				.execute();
		const order = [...inspections].sort((a, b) =>
			a.started_at === b.started_at ? (a.id < b.id ? -1 : 1) : a.started_at < b.started_at ? -1 : 1
		);
		// Within a record, items as the template numbers them: A1 < A2 < A10.
		for (const i of order) for (const itemId of ITEMS) expected.push(`${i.id}/${itemId}`);
	});

	const column = (key: string) => exportColumns.answers.findIndex((c) => c.key === key);

	it('a CSV of several batches has every row once, in order, and other work runs between its batches', async () => {
		const response = await exportFile(ctx.db, supervisor, 'answers', 'csv', {});
		let turns = 0;
		let running = true;
		const spin = () => {
			if (!running) return;
			turns++;
			setImmediate(spin);
		};
		setImmediate(spin);
		// Read as a plain stream reader does (no socket between to pause it).
		const reader = response.body!.getReader();
		const chunks: Uint8Array[] = [];
		for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
		running = false;
		const text = Buffer.concat(chunks).toString('utf8');
		const [, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
		expect(rows.map((r) => `${r[column('inspectionId')]}/${r[column('itemId')]}`)).toEqual(expected);
		// Three batches of records: the event loop turned at least between each.
		expect(turns).toBeGreaterThanOrEqual(2);
	});

	it('the JSON API resumes inside a record at a batch boundary without gaps or repeats', async () => {
		const keys: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			// 301 rows a page: page boundaries fall inside records, and inside the second batch's.
			const page = await exportPage(ctx.db, supervisor, 'answers', {}, { cursor, limit: 301 });
			keys.push(...page.rows.map((r) => `${String(r.inspectionId)}/${String(r.itemId)}`));
			cursor = page.nextCursor ?? undefined;
			pages++;
		} while (cursor);
		expect(pages).toBe(Math.ceil(expected.length / 301));
		expect(keys).toEqual(expected);
	});

	it('a download cancelled mid-file stops reading and leaves nothing behind (vitest fails on an unhandled rejection)', async () => {
		const response = await exportFile(ctx.db, supervisor, 'answers', 'xlsx', {});
		const reader = response.body!.getReader();
		const first = await reader.read();
		expect(first.done).toBe(false);
		await reader.cancel();
		// Anything still deflating on worker threads may finish after the cancel: it must not surface as an error.
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(await reader.closed.then(() => 'closed')).toBe('closed');
	});

	it('an XLSX of several batches reopens with every row', async () => {
		const response = await exportFile(ctx.db, supervisor, 'answers', 'xlsx', {});
		const [sheet] = await readExcelFile(Buffer.from(await response.arrayBuffer()));
		const [, ...rows] = sheet!.data;
		expect(rows.map((r) => `${String(r[column('inspectionId')])}/${String(r[column('itemId')])}`)).toEqual(expected);
		expect(rows.filter((r) => r[column('result')] === 'fail')).toHaveLength(ITEMS.length * Math.ceil(RECORDS / 3));
	});
});
