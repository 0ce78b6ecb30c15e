// GET /api/exports/report-document?period=2026-Q3&unit=… — the periodic report as DOCX (docs/exports.md).
import { reportQuerySchema } from '$lib/domain/protocol/reports';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { reportDocumentFile } from '$lib/server/exports';
import { parseOrRefuse, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ locals, url }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/exports/report-document');
		const query = parseOrRefuse(reportQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		return reportDocumentFile(db, actor, { period: query.period, unitCode: query.unit, provinceCode: query.province });
	});
