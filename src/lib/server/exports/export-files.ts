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
import { CSV_BOM, csvLine } from '$lib/domain/csv';
import { exportColumns, exportFileName, type ExportDataset, type ExportFilter, type ExportRow } from '$lib/domain/exports';
import { appendAudit } from '../auth/audit';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { exportRows, type Position } from './export-rows';
import { exportScope, type ExportScope } from './export-scope';
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

const valuesOf = (dataset: ExportDataset, row: ExportRow) => exportColumns[dataset].map((c) => row[c.key] ?? null);

/** GET /api/exports/[dataset]?format=csv|xlsx: the whole filtered set as one file. */
export async function exportFile(
	db: Kysely<Database>,
	actor: Actor,
	dataset: ExportDataset,
	format: 'csv' | 'xlsx',
	filter: ExportFilter
): Promise<Response> {
	const scope = exportScope(actor, filter);
	await auditExport(db, actor, { dataset, format, filter, scope: scopeDetail(scope) });
	const rows = exportRows(db, dataset, scope);
	const encoder = new TextEncoder();
	const columns = exportColumns[dataset];
	let xlsx: XlsxStreamWriter | null = null;

	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			if (format === 'csv') controller.enqueue(encoder.encode(CSV_BOM + csvLine(columns.map((c) => c.label))));
			else
				xlsx = new XlsxStreamWriter(dataset, columns, (chunk, done) => {
					controller.enqueue(chunk);
					if (done) controller.close();
				});
		},
		async pull(controller) {
			const next = await rows.next();
			if (next.done) {
				if (xlsx) xlsx.finish();
				else controller.close();
				return;
			}
			if (xlsx) for (const { row } of next.value) xlsx.addRow(valuesOf(dataset, row));
			else if (next.value.length > 0)
				controller.enqueue(encoder.encode(next.value.map(({ row }) => csvLine(valuesOf(dataset, row))).join('')));
		},
		async cancel() {
			await rows.return(undefined);
		}
	});

	return new Response(body, {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MEDIA_TYPE,
			'content-disposition': `attachment; filename="${exportFileName(dataset, filter, scopeLabel(scope), format)}"`,
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
	page: { cursor?: string; limit: number }
): Promise<ExportPage> {
	const scope = exportScope(actor, filter);
	const cursor = page.cursor === undefined ? null : decodeCursor(page.cursor);
	const taken: { row: ExportRow; position: Position }[] = [];
	let more = false;
	const rows = exportRows(db, dataset, scope, cursor);
	for await (const batch of rows) {
		for (const r of batch) {
			if (taken.length === page.limit) {
				more = true;
				break;
			}
			taken.push(r);
		}
		if (more) break;
	}
	await rows.return(undefined);
	await auditExport(db, actor, {
		dataset,
		format: 'json',
		filter,
		scope: scopeDetail(scope),
		continued: cursor !== null,
		rows: taken.length
	});
	return {
		dataset,
		columns: exportColumns[dataset].map((c) => c.key),
		rows: taken.map((r) => r.row),
		nextCursor: more ? encodeCursor(taken[taken.length - 1]!.position) : null
	};
}
