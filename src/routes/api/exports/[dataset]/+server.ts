// GET /api/exports/[dataset]?format=csv|xlsx|json&from&to&unit&status&province&lang&cursor&limit&period (docs/exports.md).
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import {
	exportDatasets,
	exportFilterInput,
	exportFilterSchema,
	exportFormats,
	exportLanguageSchema,
	exportPageQuerySchema
} from '$lib/domain/exports';
import { authorize } from '$lib/server/authorize';
import { getDatabase } from '$lib/server/db';
import { vietnamDate } from '$lib/domain/dates';
import { exportFile, exportPage, voiceExportPeriod } from '$lib/server/exports';
import { parseOrRefuse, respond } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const prerender = false;

const ROUTE = 'GET /api/exports/[dataset]';

export const GET: RequestHandler = ({ locals, params, url }) =>
	respond(async () => {
		const actor = authorize(locals, ROUTE);
		const dataset = parseOrRefuse(z.enum(exportDatasets), params.dataset, 'dataset');
		const format = parseOrRefuse(z.enum(exportFormats), url.searchParams.get('format') ?? 'json', 'format');
		const filter = parseOrRefuse(exportFilterSchema, exportFilterInput(url.searchParams));
		const lang = parseOrRefuse(exportLanguageSchema, url.searchParams.get('lang') || undefined, 'lang');
		// citizen-voice is per unit over a report period (`period`, else from..to, else this quarter).
		const period = dataset === 'citizen-voice' ? voiceExportPeriod(url.searchParams.get('period'), filter, vietnamDate()) : null;
		const { db } = await getDatabase();
		if (format !== 'json') return exportFile(db, actor, dataset, format, filter, lang, period);
		const page = parseOrRefuse(exportPageQuerySchema, {
			cursor: url.searchParams.get('cursor') ?? undefined,
			limit: url.searchParams.get('limit') ?? undefined
		});
		return json(await exportPage(db, actor, dataset, filter, page, period), { headers: { 'cache-control': 'no-store' } });
	});
