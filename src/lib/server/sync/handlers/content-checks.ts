/**
 * The record's content, checked by the server: against the template version the inspection
 * pinned (domain/record-rules.ts) and the official list of units. Whatever a device sends, the
 * server stores only records that can be true; a refusal is `rejected` with the field at fault
 * and consumes its seq, so the device's later mutations still apply.
 */
import type { Kysely } from 'kysely';
import type { Inspection, UnitRef } from '$lib/domain/inspection';
import type { MutationErrorCode } from '$lib/domain/protocol';
import type { ReceptionPointRef } from '$lib/domain/units-2025';
import { scoreInspection } from '$lib/domain/scoring';
import type { RuleProblem } from '$lib/domain/record-rules';
import type { Template } from '$lib/domain/template';
import type { Database, InspectionRow } from '../../db/schema';
import { pinnableTemplate, templateExists } from '../../templates';
import { findReceptionPoint, findUnit } from '../../units/unit-directory';
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
 * The unit for the code the device sent, and its reception point when one is named: the names
 * are the server's (official list, or the province's directory) whatever the device spelled.
 * Refused with the field at fault: a code that names no unit, or a unit of another province
 * than the one sent (`unknown_unit`); a closed branch (`unit_inactive`); a reception point that
 * is not one of this unit's (`unknown_reception_point`) or is closed (`reception_point_inactive`).
 */
export async function inspectedUnit(
	db: Kysely<Database>,
	sent: { unit: UnitRef; receptionPoint?: ReceptionPointRef | undefined },
	prefix: string
): Promise<Checked<{ unit: UnitRef; receptionPoint?: ReceptionPointRef }>> {
	const { unit } = sent;
	const known = await findUnit(db, unit.code);
	const rejected = (code: MutationErrorCode, message: string, field: string) =>
		({ ok: false, outcome: refuse('rejected', code, message, `${prefix}${field}`) }) as const;
	if (!known)
		return rejected(
			'unknown_unit',
			`There is no unit with code ${unit.code} in the official list or the province's directory`,
			'unit.code'
		);
	if (known.provinceCode !== unit.provinceCode)
		return rejected(
			'unknown_unit',
			`${known.name} (${known.code}) is in province ${known.provinceCode}, not ${unit.provinceCode}`,
			'unit.provinceCode'
		);
	if (!known.active) return rejected('unit_inactive', `${known.name} (${known.code}) is closed`, 'unit.code');
	const official: UnitRef = { code: known.code, name: known.name, provinceCode: known.provinceCode, provinceName: known.provinceName };
	if (!sent.receptionPoint) return { ok: true, value: { unit: official } };
	const point = await findReceptionPoint(db, sent.receptionPoint.id);
	if (!point || point.unitCode !== known.code)
		return rejected(
			'unknown_reception_point',
			`Reception point ${sent.receptionPoint.id} is not one of ${known.name}'s`,
			'receptionPoint.id'
		);
	if (!point.active) return rejected('reception_point_inactive', `Reception point ${point.name} is closed`, 'receptionPoint.id');
	return { ok: true, value: { unit: official, receptionPoint: { id: point.id, name: point.name } } };
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
