/**
 * The record's content, checked by the server: against the template version the inspection
 * pinned (domain/record-rules.ts) and the official list of units. Whatever a device sends, the
 * server stores only records that can be true; a refusal is `rejected` with the field at fault
 * and consumes its seq, so the device's later mutations still apply.
 */
import type { Inspection, UnitRef } from '$lib/domain/inspection';
import { scoreInspection } from '$lib/domain/scoring';
import type { RuleProblem } from '$lib/domain/record-rules';
import type { Template } from '$lib/domain/template';
import { findCommune } from '$lib/units/units';
import type { InspectionRow } from '../../db/schema';
import { pinnableTemplate, templateExists } from '../../templates';
import { answerOf } from '../row-converters';
import { refuse, type Outcome } from '../results';
import type { HandlerContext } from './context';

/** A rule's problem as a push result; its field is made a path into the mutation (`args.…`). */
export function refusedBy(problem: RuleProblem, prefix = 'args.'): Outcome {
	return refuse('rejected', problem.code, problem.message, `${prefix}${problem.field}`);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; outcome: Outcome };

/**
 * The template a new record pins, or `unknown_template` (on the version when the id is known):
 * a published or retired version in the database (a device offline may have started the record
 * on a version retired since); never a draft.
 */
export async function templateNamed(ctx: HandlerContext, templateId: string, templateVersion: string): Promise<Checked<Template>> {
	const template = await pinnableTemplate(ctx.trx, templateId, templateVersion);
	if (template) return { ok: true, value: template };
	const field = (await templateExists(ctx.trx, templateId)) ? 'args.templateVersion' : 'args.templateId';
	const message = `The server has no template ${templateId} version ${templateVersion}`;
	return { ok: false, outcome: refuse('rejected', 'unknown_template', message, field) };
}

/** The template a stored record pinned (records made before templates were checked may lack one). */
export async function pinnedTemplate(ctx: HandlerContext, inspection: InspectionRow): Promise<Checked<Template>> {
	const template = await pinnableTemplate(ctx.trx, inspection.template_id, inspection.template_version);
	if (template) return { ok: true, value: template };
	const message = `The record pins template ${inspection.template_id} version ${inspection.template_version}, which the server does not have`;
	return { ok: false, outcome: refuse('rejected', 'unknown_template', message, 'args.inspectionId') };
}

/**
 * The official unit for the code the device sent: the name and province are the official list's
 * whatever the device spelled. A code not in the list, or under another province than the one
 * sent, is `unknown_unit`.
 */
export async function officialUnit(unit: UnitRef, prefix: string): Promise<Checked<UnitRef>> {
	const commune = await findCommune(unit.code);
	if (!commune) {
		const message = `There is no commune with code ${unit.code} in the official list`;
		return { ok: false, outcome: refuse('rejected', 'unknown_unit', message, `${prefix}.code`) };
	}
	if (commune.provinceCode !== unit.provinceCode) {
		const message = `${commune.name} (${commune.code}) is in province ${commune.provinceCode}, not ${unit.provinceCode}`;
		return { ok: false, outcome: refuse('rejected', 'unknown_unit', message, `${prefix}.provinceCode`) };
	}
	return {
		ok: true,
		value: { code: commune.code, name: commune.name, provinceCode: commune.provinceCode, provinceName: commune.provinceName }
	};
}

/**
 * The failed items of a stored record (item id → section id), scored exactly as the device
 * scores it (`scoreInspection`): an item fails, or for a per-officer item fails for some officer.
 * These are the items its findings must name, one finding each.
 */
export async function failedItems(ctx: HandlerContext, inspection: InspectionRow, template: Template): Promise<Map<string, string>> {
	const { sectionIds } = JSON.parse(inspection.data) as Inspection;
	const officers = await ctx.trx
		.selectFrom('officers')
		.select(['id', 'name'])
		.where('inspection_id', '=', inspection.id)
		.orderBy('sort_order')
		.execute();
	const rows = await ctx.trx.selectFrom('answers').selectAll().where('inspection_id', '=', inspection.id).execute();
	const score = scoreInspection({ template, sectionIds, officers, answers: rows.map(answerOf) });
	const failed = new Map<string, string>();
	for (const section of score.sections)
		for (const item of section.items) if (item.outcome === 'fail' || item.outcome === 'partial') failed.set(item.itemId, item.sectionId);
	return failed;
}
