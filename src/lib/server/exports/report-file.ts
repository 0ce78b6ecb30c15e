/**
 * GET /api/exports/report-document: the periodic report as a DOCX to edit and sign. The numbers
 * are the report screens' (buildPeriodReport, same scope rules); the download is audited
 * (`report_document_exported`) like every other export.
 */
import type { Kysely } from 'kysely';
import { formatPeriodParam } from '$lib/domain/reports';
import { reportDocument } from '$lib/domain/report-document';
import { appendAudit } from '../auth/audit';
import type { Database } from '../db/schema';
import { buildPeriodReport, type PeriodReportRequest } from '../reports/period-report';
import type { Actor } from '../sync/actor';
import { DOCX_MEDIA_TYPE, reportToDocx } from './report-docx';

export async function reportDocumentFile(db: Kysely<Database>, actor: Actor, request: PeriodReportRequest): Promise<Response> {
	const report = await buildPeriodReport(db, actor, request);
	const bytes = await reportToDocx(reportDocument(report, actor.role === 'ward' ? 'unit' : 'province'));
	const scope = report.scope.kind === 'unit' ? `unit${report.scope.unitCode}` : `province${report.scope.provinceCode}`;
	await appendAudit(db, {
		action: 'report_document_exported',
		actorUserId: actor.userId,
		detail: {
			period: formatPeriodParam(report.period),
			provinceCode: report.scope.provinceCode,
			unitCode: request.unitCode ?? null,
			format: 'docx'
		}
	});
	const fileName = `bao-cao-kiem-tra-${scope}-${formatPeriodParam(report.period).replace('..', '_')}.docx`.replace(/[^0-9A-Za-z._-]/g, '_');
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': DOCX_MEDIA_TYPE,
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'no-store'
		}
	});
}
