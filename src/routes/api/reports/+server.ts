// GET /api/reports?period=2026-Q3&unit=… — the periodic report of the caller's province or unit (docs/reports.md).
import { json } from '@sveltejs/kit';
import { reportQuerySchema, type ReportResponse } from '$lib/domain/protocol/reports';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { parseOrRefuse, respond } from '$lib/server/http';
import { buildPeriodReport } from '$lib/server/reports';
import type { RequestHandler } from './$types';

export const prerender = false;

export const GET: RequestHandler = ({ locals, url }) =>
	respond(async () => {
		const actor = authorize(locals, 'GET /api/reports');
		const query = parseOrRefuse(reportQuerySchema, Object.fromEntries(url.searchParams));
		const { db } = await getDatabase();
		const report = await buildPeriodReport(db, actor, { period: query.period, unitCode: query.unit, provinceCode: query.province });
		return json({ report } satisfies ReportResponse, { headers: { 'cache-control': 'no-store' } });
	});
