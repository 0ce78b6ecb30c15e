/**
 * Exports as HTTP answers (docs/exports.md): a CSV or XLSX file streamed as it is read, or one
 * page of the JSON API. Every export is audited (`data_exported`) before its first byte leaves,
 * so a download cut short is on record too.
 *
 * Streaming: the body is a pull-based ReadableStream; the next batch of rows is read from the
 * database only when the client has taken the bytes of the last one, so memory stays flat
 * however many rows there are and a slow client slows the reads, not the server's heap.
 */
import type { Kysely } from 'kysely';
import { formatPeriodParam, periodRange, type ReportPeriod } from '$lib/domain/reports';
import { CSV_BOM, csvField, csvLine } from '$lib/domain/csv';
import {
	exportColumns,
	exportFileName,
	exportHeadings,
	exportSheetNames,
	type ExportDataset,
	type ExportFilter,
	type ExportLanguage,
	type ExportRow
} from '$lib/domain/exports';
import { appendAudit } from '../auth/audit';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { exportRows, type Position, type RecordRows } from './export-rows';
import { exportScope, type ExportScope } from './export-scope';
import { citizenVoiceRows } from './voice-export';
import { XLSX_MEDIA_TYPE, XlsxStreamWriter } from './xlsx-stream';

const auditExport = (db: Kysely<Database>, actor: Actor, detail: Record<string, unknown>) =>
	appendAudit(db, { action: 'data_exported', actorUserId: actor.userId, detail });

/** The scope as the audit entry and the file name record it. */
const scopeDetail = (scope: ExportScope) => ({
	provinceCode: scope.provinceCode,
	unitCode: scope.unitCode,
	statuses: scope.statuses
});

const scopeLabel = (scope: ExportScope) =>
	scope.unitCode !== null ? `unit${scope.unitCode}` : scope.provinceCode !== null ? `province${scope.provinceCode}` : 'national';

/** One record's rows as CSV lines: the record's columns are encoded once and start every line. */
function csvLines({ record, rows }: RecordRows): string {
	const prefix = record.map(csvField).join(',') + ',';
	let text = '';
	for (const { cells } of rows) text += prefix + cells.map(csvField).join(',') + '\r\n';
	return text;
}

/** The rows of a dataset: per record, or for `citizen-voice` per unit and factor over `period`. */
function datasetRows(
	db: Kysely<Database>,
	actor: Actor,
	dataset: ExportDataset,
	filter: ExportFilter,
	period: ReportPeriod | null,
	cursor: Position | null
): AsyncGenerator<RecordRows[]> {
	if (dataset !== 'citizen-voice') return exportRows(db, dataset, exportScope(actor, filter), cursor);
	if (!period) throw new Refusal(400, 'invalid_request', 'invalid_period', 'period');
	return citizenVoiceRows(db, actor, filter, period, cursor);
}

/**
 * GET /api/exports/[dataset]?format=csv|xlsx: the whole filtered set as one file, its headings
 * and sheet name in `lang`. `period`: the report period of the `citizen-voice` dataset.
 */
export async function exportFile(
	db: Kysely<Database>,
	actor: Actor,
	dataset: ExportDataset,
	format: 'csv' | 'xlsx',
	filter: ExportFilter,
	lang: ExportLanguage = 'vi',
	period: ReportPeriod | null = null
): Promise<Response> {
	const scope = exportScope(actor, filter);
	const voice = dataset === 'citizen-voice' && period ? { period: formatPeriodParam(period) } : {};
	await auditExport(db, actor, { dataset, format, lang, filter, ...voice, scope: scopeDetail(scope) });
	const rows = datasetRows(db, actor, dataset, filter, period, null);
	// A voice file is named for its period's days, as a record export is for its filter's.
	const named =
		dataset === 'citizen-voice' && period ? { ...filter, from: periodRange(period).start, to: periodRange(period).end } : filter;
	const encoder = new TextEncoder();
	const headings = exportHeadings(dataset, lang);
	let xlsx: XlsxStreamWriter | null = null;
	// Set when the client went away: chunks still deflating on worker threads are then dropped.
	let cancelled = false;

	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			if (format === 'csv') controller.enqueue(encoder.encode(CSV_BOM + csvLine(headings)));
			else
				xlsx = new XlsxStreamWriter(
					exportSheetNames[dataset][lang],
					exportColumns[dataset].map((c, i) => ({ label: headings[i]!, width: c.width, repeats: c.repeats })),
					(chunk, done) => {
						if (cancelled) return;
						controller.enqueue(chunk);
						if (done) controller.close();
					}
				);
		},
		async pull(controller) {
			const next = await rows.next();
			if (next.done) {
				if (xlsx) await xlsx.finish();
				else controller.close();
				return;
			}
			if (xlsx) {
				for (const r of next.value)
					xlsx.addRows(
						r.record,
						r.rows.map((row) => row.cells)
					);
				// The batch's chunks deflate on worker threads; the next batch waits for them, so
				// no more than one batch is ever held.
				await xlsx.settled();
			} else if (next.value.length > 0) controller.enqueue(encoder.encode(next.value.map(csvLines).join('')));
		},
		async cancel() {
			cancelled = true;
			await rows.return(undefined);
		}
	});

	return new Response(body, {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MEDIA_TYPE,
			'content-disposition': `attachment; filename="${exportFileName(dataset, named, scopeLabel(scope), format)}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

export interface ExportPage {
	dataset: ExportDataset;
	/** Keys of every row's fields, in file order. */
	columns: string[];
	rows: ExportRow[];
	/** Pass as `cursor` for the next page; null on the last page. */
	nextCursor: string | null;
}

/** The cursor is the last row's position, opaque to clients (base64url of JSON). */
export function encodeCursor(p: Position): string {
	return Buffer.from(JSON.stringify(p.key === undefined ? [p.startedAt, p.inspectionId] : [p.startedAt, p.inspectionId, p.key])).toString(
		'base64url'
	);
}

export function decodeCursor(cursor: string): Position {
	try {
		const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (Array.isArray(parts) && (parts.length === 2 || parts.length === 3) && parts.every((p) => typeof p === 'string')) {
			const [startedAt, inspectionId, key] = parts as [string, string, string?];
			return { startedAt, inspectionId, ...(key === undefined ? {} : { key }) };
		}
	} catch {
		// Falls through to the refusal: any malformed cursor is the same mistake.
	}
	throw new Refusal(400, 'invalid_request', 'cursor is not one this API gave', 'cursor');
}

/**
 * GET /api/exports/[dataset]?format=json: up to `limit` rows after `cursor`, in the same order
 * as the files. Each page is audited (with whether it continues an earlier one).
 */
export async function exportPage(
	db: Kysely<Database>,
	actor: Actor,
	dataset: ExportDataset,
	filter: ExportFilter,
	page: { cursor?: string; limit: number },
	period: ReportPeriod | null = null
): Promise<ExportPage> {
	const scope = exportScope(actor, filter);
	const cursor = page.cursor === undefined ? null : decodeCursor(page.cursor);
	const keys = exportColumns[dataset].map((c) => c.key);
	const taken: { row: ExportRow; position: Position }[] = [];
	let more = false;
	const rows = datasetRows(db, actor, dataset, filter, period, cursor);
	read: for await (const batch of rows)
		for (const { startedAt, inspectionId, record, rows: own } of batch)
			for (const { key, cells } of own) {
				if (taken.length === page.limit) {
					more = true;
					break read;
				}
				const values = [...record, ...cells];
				taken.push({
					row: Object.fromEntries(keys.map((k, i) => [k, values[i] ?? null])),
					position: { startedAt, inspectionId, ...(key === undefined ? {} : { key }) }
				});
			}
	await rows.return(undefined);
	await auditExport(db, actor, {
		dataset,
		format: 'json',
		filter,
		...(dataset === 'citizen-voice' && period ? { period: formatPeriodParam(period) } : {}),
		scope: scopeDetail(scope),
		continued: cursor !== null,
		rows: taken.length
	});
	return {
		dataset,
		columns: keys,
		rows: taken.map((r) => r.row),
		nextCursor: more ? encodeCursor(taken[taken.length - 1]!.position) : null
	};
}
