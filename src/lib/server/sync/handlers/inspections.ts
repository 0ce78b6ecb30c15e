/**
 * Mutations on the inspection record itself: create, edit the header, submit.
 *
 * Offline: the device creates and edits its own drafts without the server; these replay them in
 * order. Conflicts: the header and the submission are the writer's (the trưởng đoàn) alone until
 * submitted, so edits to a draft simply apply; once submitted, every edit comes back
 * `conflict / not_editable` and the device learns the server's state from the next pull. A
 * header naming team accounts gives them the record (team-accounts.ts).
 */
import type { Insertable } from 'kysely';
import { kindOf, type Finding, type Inspection, type InspectionHeaderPatch, type InspectionStatus } from '$lib/domain/inspection';
import { checkDeadline, unknownItem, unknownSection } from '$lib/domain/record-rules';
import type { MutationArgs } from '$lib/domain/protocol';
import { canApplyMutation, kindRefusal, mutationRules } from '$lib/domain/permissions';
import { insertedRows, keptOnConflict } from '../../db/prepared-queries';
import type { InspectionRow, InspectionsTable } from '../../db/schema';
import type { ChangeScope } from '../change-log';
import { signatureCoverage, signedContentFingerprint } from '$lib/domain/record-fingerprint';
import { recordSignatures } from '$lib/domain/team-signatures';
import { departsFromReviewer, reviewerValues } from '$lib/domain/finalize-findings';
import { findingSeveritySchema } from '$lib/domain/review';
import { answerOf, officerOf, signatureOf } from '../row-converters';
import { applied, refuse, type Outcome } from '../results';
import { failedItems, inspectedUnit, pinnedTemplate, refusedBy, templateNamed } from './content-checks';
import { editableInspection, officerNotFound, outcomeOf, type HandlerContext } from './context';
import { summarizeRecords } from '../../reports/record-summaries';
import { teamRefusal } from './team';
import { syncTeamAccounts, teamAccountRefusal } from './team-accounts';
import { interviewAnnexOf } from '../../records/interview-annex';

type DocumentColumns = Omit<Insertable<InspectionsTable>, 'id' | 'owner_user_id' | 'version' | 'updated_at' | 'submitted_at'>;

/** The indexed columns, derived from the document so the two can never disagree. */
function inspectionColumns(doc: Inspection): DocumentColumns {
	return {
		status: doc.status,
		unit_code: doc.unit.code,
		province_code: doc.unit.provinceCode,
		template_id: doc.templateId,
		template_version: doc.templateVersion,
		created_at: doc.createdAt,
		started_at: doc.startedAt,
		ended_at: doc.endedAt,
		kind: kindOf(doc),
		data: JSON.stringify(doc)
	};
}

/** The stored document; the status column is the authority (review intents set it). */
export function documentOf(row: InspectionRow): Inspection {
	return { ...(JSON.parse(row.data) as Inspection), status: row.status as InspectionStatus };
}

const scopeFor = (doc: Inspection, ownerUserId: string): ChangeScope => ({
	inspectionId: doc.id,
	unitCode: doc.unit.code,
	provinceCode: doc.unit.provinceCode,
	ownerUserId
});

/**
 * A new draft, owned by the user who pushes it. `createdBy` from the device is replaced by
 * that user's id (the device may not know it yet, and must not be able to claim another's), and
 * the unit's names by the official list's; the corrected record comes back in the next pull. A
 * unit outside the official list or the inspector's province, or a template the server does not
 * ship, is rejected and the device's later mutations still apply (they will be refused in turn,
 * `not_found`, for a record that never arrived).
 */
export async function createInspection(ctx: HandlerContext, args: MutationArgs<'createInspection'>): Promise<Outcome> {
	// Role first (the shared rule), so a refused caller learns nothing of the id or the unit.
	const mayCreate = mutationRules.createInspection.roles.includes(ctx.actor.role);
	const unit = mayCreate ? await inspectedUnit(ctx.trx, args, 'args.') : { ok: true as const, value: { unit: args.unit } };
	if (!unit.ok) return unit.outcome;
	// Then the official unit's province against the author's, and the kind of record against the
	// author's role: a ward makes only self-inspections of its own unit, an inspector only official ones.
	const kind = kindOf(args);
	const decision = canApplyMutation(ctx.actor, 'createInspection', null, { ...unit.value.unit, kind });
	if (!decision.ok) return outcomeOf(decision, null, mayCreate ? refusedField(ctx, kind) : undefined);
	const template = await templateNamed(ctx, args.templateId, args.templateVersion);
	if (!template.ok) return template.outcome;
	const section = unknownSection(template.value, args.sectionIds);
	if (section) return refusedBy(section);
	// An official record does not state its kind, as none did before self-inspections existed.
	const { kind: stated, ...rest } = args;
	const doc: Inspection = {
		...rest,
		...unit.value,
		...(stated === 'self' ? { kind: stated } : {}),
		createdBy: ctx.actor.userId,
		status: 'draft',
		endedAt: null
	};
	const mark = ctx.log.mark();
	const version = ctx.log.upsert(scopeFor(doc, ctx.actor.userId), 'inspection', doc);
	const row = { id: doc.id, owner_user_id: ctx.actor.userId, submitted_at: null, version, updated_at: ctx.now, ...inspectionColumns(doc) };
	if (ctx.deferred && ctx.sent) {
		// A push group's new record goes with the other pushes' of the transaction in one insert
		// (deferred-rows.ts): twelve capacity pushes sharing a transaction spent twelve of its 26
		// round trips inserting one record each. It is a plain insert, so a record already there
		// fails the whole transaction, and the push is applied again the careful way, the insert
		// below refusing it (apply-push.ts); ids are UUIDs the device made, so that is rare.
		await ctx.deferred.add(ctx.trx, ctx.sent, 'inspections', null, [{ slot: doc.id, row }]);
		ctx.fresh?.set(doc.id, asStored(row));
		return applied;
	}
	// The existence check is the insert itself (one statement fewer for every new record); a
	// record already there is left alone, and its change is taken back from the log. The row comes
	// back as stored, for the answers pushed with it (`ctx.fresh`): they need not read it again.
	const [stored] = await insertedRows(ctx.trx, 'inspections', [row], keptIfThere);
	if (!stored) {
		ctx.log.rollbackTo(mark);
		return refuse('conflict', 'already_exists', 'This inspection is already on the server', 'args.id');
	}
	ctx.fresh?.set(doc.id, stored);
	return applied;
}

const keptIfThere = keptOnConflict<'inspections'>('inspection kept', ['id']);

/** A new record's row as the database stores it: the columns a creation leaves out take their defaults. */
function asStored(row: Insertable<InspectionsTable> & Pick<InspectionRow, 'version'>): InspectionRow {
	const defaults = {
		ended_at: null,
		submitted_at: null,
		window_start: null,
		window_end: null,
		published_version: null,
		record_number: null,
		record_year: null
	};
	return { ...defaults, ...row, kind: row.kind ?? 'official', plan_id: row.plan_id ?? null };
}

/** The field a refused creation names: the kind, else the (ward's own) unit, else the province. */
function refusedField(ctx: HandlerContext, kind: Inspection['kind']): string {
	if (kindRefusal(ctx.actor, kind ?? 'official')) return 'args.kind';
	return ctx.actor.role === 'ward' ? 'args.unit.code' : 'args.unit.provinceCode';
}

/**
 * Applies only the header fields the device sent. The keys are taken from the raw mutation
 * because parsing fills defaults (''), and an absent field must leave the stored one alone.
 */
export async function updateInspectionHeader(
	ctx: HandlerContext,
	args: MutationArgs<'updateInspectionHeader'>,
	raw: unknown
): Promise<Outcome> {
	const target = await editableInspection(ctx, 'updateInspectionHeader', args.inspectionId, args.patch.unit);
	if (!target.ok) return target.outcome;

	const sent = sentPatchKeys(raw);
	const patch: InspectionHeaderPatch = Object.fromEntries(Object.entries(args.patch).filter(([key]) => sent.has(key)));
	const stored = documentOf(target.inspection);
	if (patch.unit || patch.receptionPoint) {
		// The unit (its province already checked against the inspector's by the rule above) and the
		// reception point, which must be the unit's: the patched unit's, else the stored one's.
		const unit = await inspectedUnit(ctx.trx, { unit: patch.unit ?? stored.unit, receptionPoint: patch.receptionPoint }, 'args.patch.');
		if (!unit.ok) return unit.outcome;
		if (patch.unit) patch.unit = unit.value.unit;
		if (unit.value.receptionPoint) patch.receptionPoint = unit.value.receptionPoint;
	}
	if (patch.sectionIds) {
		const template = await pinnedTemplate(ctx, target.inspection);
		if (!template.ok) return template.outcome;
		const section = unknownSection(template.value, patch.sectionIds);
		if (section) return refusedBy(section, 'args.patch.');
	}
	// A self-inspection is its ward's alone (canSeeInspection): its team are names, never accounts.
	const teamAccounts = patch.team && target.inspection.kind !== 'self' ? patch.team : null;
	if (teamAccounts) {
		const accounts = await teamAccountRefusal(ctx, target.inspection, teamAccounts);
		if (accounts) return accounts;
	}
	const doc: Inspection = { ...stored, ...patch };
	// Another unit without a point named: the stored point was the old unit's and no longer holds.
	if (patch.unit && !patch.receptionPoint && patch.unit.code !== stored.unit.code) delete doc.receptionPoint;
	// A changed unit moves the record to that unit's scope from this change on.
	const version = ctx.log.upsert(scopeFor(doc, target.inspection.owner_user_id), 'inspection', doc);
	await ctx.trx
		.updateTable('inspections')
		.set({ ...inspectionColumns(doc), version, updated_at: ctx.now })
		.where('id', '=', doc.id)
		.execute();
	// The team's accounts open the record on their phones (issue 17).
	if (teamAccounts) await syncTeamAccounts(ctx, target.inspection, doc);
	return applied;
}

function sentPatchKeys(raw: unknown): Set<string> {
	const patch = (raw as { args?: { patch?: unknown } } | null)?.args?.patch;
	return new Set(patch && typeof patch === 'object' ? Object.keys(patch) : []);
}

/**
 * Is every stored signature of the record given for the content being submitted? The signed
 * content is the record as the server holds it with the submitted findings (record-fingerprint.ts
 * `signedContentFingerprint`). Signatures without a fingerprint (made by app versions before
 * issue 13, still queued on a device) cannot be checked and are let through; the device has
 * refused to submit with them since.
 */
async function signaturesCoverSubmission(ctx: HandlerContext, doc: Inspection, args: MutationArgs<'submitInspection'>) {
	const [officers, answers, signatures, interviewAnnex] = await Promise.all([
		ctx.trx.selectFrom('officers').selectAll().where('inspection_id', '=', doc.id).execute(),
		ctx.trx.selectFrom('answers').selectAll().where('inspection_id', '=', doc.id).execute(),
		ctx.trx.selectFrom('signatures').selectAll().where('inspection_id', '=', doc.id).execute(),
		interviewAnnexOf(ctx.trx, doc.id)
	]);
	// Only the signatures that are part of the record: a member's that names nobody on the team now is not.
	const bound = recordSignatures(doc.team, signatures.map(signatureOf)).filter((s) => s.contentFingerprint);
	if (bound.length === 0) return null;
	const current = await signedContentFingerprint({
		inspection: doc,
		officers: officers.map(officerOf),
		answers: answers.map(answerOf),
		findings: args.findings,
		// Issue 19: the citizens' interviews, as their annex, are signed with the rest.
		interviewAnnex
	});
	return bound.find((s) => signatureCoverage(s, current) === 'void') ?? null;
}

/**
 * Closes the record: the findings are fixed (replacing any from an earlier submission of a
 * returned record), and the status becomes `submitted`. The visit's end time is recorded by the
 * first submission only; a resubmission keeps it and records its own `submittedAt`. Refused
 * `rejected / signatures_void` when a signature was given for other content than this.
 * From then on only review intents change it.
 */
export async function submitInspection(ctx: HandlerContext, args: MutationArgs<'submitInspection'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'submitInspection', args.inspectionId);
	if (!target.ok) return target.outcome;
	const { inspection, scope } = target;
	const stored = documentOf(inspection);
	// The team's work is merged first: no conflict left open, every member's part in (team.ts).
	const team = await teamRefusal(ctx, inspection);
	if (team) return team;

	const foreign = args.findings.findIndex((f) => f.inspectionId !== args.inspectionId);
	if (foreign >= 0) {
		return refuse('rejected', 'invalid', 'This finding belongs to another inspection', `args.findings.${foreign}.inspectionId`);
	}
	const ids = args.findings.map((f) => f.id);
	const duplicate = ids.findIndex((id, i) => ids.indexOf(id) !== i);
	if (duplicate >= 0) return refuse('rejected', 'invalid', 'Two findings share this id', `args.findings.${duplicate}.id`);
	const content = await checkFindings(ctx, inspection, args.findings);
	if (content) return content;
	const reviewed = await keepsReviewerAdjustments(ctx, inspection.id, args.findings);
	if (reviewed) return reviewed;
	if (ids.length > 0) {
		const taken = await ctx.trx
			.selectFrom('findings')
			.select('id')
			.where('id', 'in', ids)
			.where('inspection_id', '!=', args.inspectionId)
			.executeTakeFirst();
		if (taken) {
			const field = `args.findings.${ids.indexOf(taken.id)}.id`;
			return refuse('conflict', 'already_exists', 'This finding id is already used by another inspection', field);
		}
	}

	const voided = await signaturesCoverSubmission(ctx, stored, args);
	if (voided) {
		return refuse(
			'rejected',
			'signatures_void',
			`The ${voided.role} signature was given for other content than the record submitted; sign again`,
			'args.findings'
		);
	}

	const previous = await ctx.trx.selectFrom('findings').select('id').where('inspection_id', '=', inspection.id).execute();
	for (const { id } of previous) ctx.log.delete(scope, 'finding', { id, inspectionId: inspection.id });
	await ctx.trx.deleteFrom('findings').where('inspection_id', '=', inspection.id).execute();

	for (const finding of args.findings) {
		// Written as pulled: with its remediation status, which starts open.
		const version = ctx.log.upsert(scope, 'finding', { ...finding, status: 'open' });
		await ctx.trx
			.insertInto('findings')
			.values({
				id: finding.id,
				inspection_id: finding.inspectionId,
				item_id: finding.itemId,
				section_id: finding.sectionId,
				title: finding.title,
				detail: finding.detail,
				officer_ids: JSON.stringify(finding.officerIds),
				critical: finding.critical ? 1 : 0,
				legal: JSON.stringify(finding.legal),
				recommendation: finding.recommendation,
				deadline: finding.deadline,
				version,
				updated_at: ctx.now
			})
			.execute();
	}

	const doc: Inspection = {
		...stored,
		status: 'submitted',
		endedAt: stored.endedAt ?? args.endedAt,
		submittedAt: args.submittedAt ?? ctx.now
	};
	const version = ctx.log.upsert(scope, 'inspection', doc);
	await ctx.trx
		.updateTable('inspections')
		.set({ ...inspectionColumns(doc), submitted_at: ctx.now, version, updated_at: ctx.now })
		.where('id', '=', doc.id)
		.execute();
	// The report's summary of the record (score, findings) commits with the submission.
	await summarizeRecords(ctx.trx, [doc.id], ctx.now);
	return applied;
}

/**
 * A resubmission after a return must state what a reviewer set during the earlier review: the
 * latest `adjusted` value of each field (deadline, severity, corrective action, detail) of the
 * earlier finding for the same item. The device carries them over (finalizeFindings); a
 * submission that departs from them is `rejected / reviewer_adjustment_changed`.
 */
async function keepsReviewerAdjustments(ctx: HandlerContext, inspectionId: string, findings: readonly Finding[]): Promise<Outcome | null> {
	const events = await ctx.trx
		.selectFrom('finding_events')
		.select(['id', 'finding_id', 'at', 'data'])
		.where('inspection_id', '=', inspectionId)
		.where('kind', '=', 'adjusted')
		.execute();
	if (events.length === 0) return null;
	const earlier = await ctx.trx.selectFrom('findings').select(['id', 'item_id']).where('inspection_id', '=', inspectionId).execute();
	const itemOf = new Map(earlier.map((f) => [f.id, f.item_id]));
	const adjustments = events.map((e) => {
		const data = JSON.parse(e.data) as Record<string, unknown>;
		const text = (key: string) => (typeof data[key] === 'string' ? { [key]: data[key] } : {});
		const severity = findingSeveritySchema.safeParse(data.severity);
		return {
			id: e.id,
			findingId: e.finding_id,
			at: e.at,
			...(severity.success ? { severity: severity.data } : {}),
			...text('deadline'),
			...text('recommendation'),
			...text('detail')
		};
	});
	for (const [findingId, adjusted] of reviewerValues(adjustments)) {
		const itemId = itemOf.get(findingId);
		const index = findings.findIndex((f) => f.itemId === itemId);
		const field = index >= 0 ? departsFromReviewer(findings[index]!, adjusted) : null;
		if (field) {
			const message = `The reviewer set the ${field} of the finding for item ${itemId} during review; a resubmission keeps it`;
			return refuse('rejected', 'reviewer_adjustment_changed', message, `args.findings.${index}.${field}`);
		}
	}
	return null;
}

/**
 * The findings of a submission against the record as the server holds it: one per failed item
 * (scored as the device scores it), each naming an item of the pinned template in its own
 * section, officers of this record, and a deadline the rule allows. Null when they all hold.
 */
async function checkFindings(ctx: HandlerContext, inspection: InspectionRow, findings: readonly Finding[]): Promise<Outcome | null> {
	const template = await pinnedTemplate(ctx, inspection);
	if (!template.ok) return template.outcome;
	const failed = await failedItems(ctx, inspection, template.value);
	const officers = new Set(
		(await ctx.trx.selectFrom('officers').select('id').where('inspection_id', '=', inspection.id).execute()).map((o) => o.id)
	);
	const { startedAt } = documentOf(inspection);
	const named = new Set<string>();
	for (const [i, finding] of findings.entries()) {
		const at = `findings.${i}.`;
		const problem =
			unknownItem(template.value, finding.itemId, `${at}itemId`) ?? checkDeadline(finding.deadline, startedAt, `${at}deadline`);
		if (problem) return refusedBy(problem);
		const section = failed.get(finding.itemId);
		if (section === undefined) {
			const message = `Item ${finding.itemId} did not fail on this record, so it cannot have a finding`;
			return refuse('rejected', 'item_not_failed', message, `args.${at}itemId`);
		}
		if (finding.sectionId !== section) {
			const message = `Item ${finding.itemId} is in section ${section}, not ${finding.sectionId}`;
			return refuse('rejected', 'unknown_section', message, `args.${at}sectionId`);
		}
		if (named.has(finding.itemId)) return refuse('rejected', 'invalid', `Two findings name item ${finding.itemId}`, `args.${at}itemId`);
		named.add(finding.itemId);
		const stranger = finding.officerIds.findIndex((id) => !officers.has(id));
		if (stranger >= 0) return officerNotFound(`args.${at}officerIds.${stranger}`);
	}
	const missing = [...failed.keys()].find((itemId) => !named.has(itemId));
	if (missing !== undefined) {
		return refuse('rejected', 'missing_finding', `Item ${missing} failed on this record and has no finding`, 'args.findings');
	}
	return null;
}
