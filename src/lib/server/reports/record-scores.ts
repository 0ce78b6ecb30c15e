/**
 * Score and coverage (answered share) of a page of records, computed exactly as the device and
 * the printed record compute them (`scoreInspection`, `recordCoverage`) from the stored answers
 * and officers: three queries for the whole page, templates from the process cache. A page is
 * at most 200 records, so no summary table is needed for the work list.
 */
import type { Kysely } from 'kysely';
import { checkedShare, recordCoverage } from '$lib/domain/completeness';
import type { Inspection } from '$lib/domain/inspection';
import { scoreInspection } from '$lib/domain/scoring';
import type { Database } from '../db/schema';
import { answerOf } from '../sync/row-converters';
import { pinnableTemplate } from '../templates';

export interface RecordFigures {
	score: number | null;
	coverage: number | null;
}

export async function recordFigures(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, RecordFigures>> {
	const figures = new Map<string, RecordFigures>();
	if (ids.length === 0) return figures;
	const records = await db
		.selectFrom('inspections')
		.select(['id', 'data', 'template_id', 'template_version'])
		.where('id', 'in', [...ids])
		.execute();
	const officers = await db
		.selectFrom('officers')
		.select(['id', 'name', 'inspection_id'])
		.where('inspection_id', 'in', [...ids])
		.orderBy('sort_order')
		.execute();
	const answers = await db
		.selectFrom('answers')
		.selectAll()
		.where('inspection_id', 'in', [...ids])
		.execute();
	for (const r of records) {
		const template = await pinnableTemplate(db, r.template_id, r.template_version);
		if (!template) {
			figures.set(r.id, { score: null, coverage: null });
			continue;
		}
		const input = {
			template,
			sectionIds: (JSON.parse(r.data) as Inspection).sectionIds,
			officers: officers.filter((o) => o.inspection_id === r.id),
			answers: answers.filter((a) => a.inspection_id === r.id).map(answerOf)
		};
		figures.set(r.id, { score: scoreInspection(input).overall, coverage: checkedShare(recordCoverage(input)) });
	}
	return figures;
}
