/**
 * Finding intents: the reviewer adjusts a finding before approval; after it, the commune reports
 * fixes and a supervisor, admin or another inspector verifies or reopens them
 * (finding-states.ts). Every step is an event appended to `finding_events`, and the finding's
 * `status` is updated in the same transaction.
 *
 * Offline / conflicts: devices name their events (`eventId`), so a retried push never adds one
 * twice (and its receipt answers the replay). The finding's state when the intent arrives
 * decides: a fix reported on a finding someone verified meanwhile is `conflict / not_editable`
 * with the reason, and the next pull shows the finding as it is. Fix photos follow the blob
 * rules of `attachPhoto`: bytes first; missing bytes defer the intent without consuming its seq.
 */
import { findingEdges, type FindingStatus } from '$lib/domain/finding-states';
import type { MutationArgs } from '$lib/domain/protocol';
import { checkDeadline } from '$lib/domain/record-rules';
import { applied, refuse, type Outcome } from '../results';
import { refusedBy } from './content-checks';
import { checkBlob, type HandlerContext } from './context';
import { documentOf } from './inspections';
import { addFindingEvent, findingEventExists, findingTarget, mutationIdOf } from './review-context';

const eventTaken = () => refuse('conflict', 'already_exists', 'This eventId is already used', 'args.eventId');

/**
 * Severity, deadline, corrective action and detail as the reviewer sets them; each absent field
 * stays as it was. The finding row takes the new values and the `adjusted` event records them,
 * which is what a resubmission after a return keeps as the reviewer's.
 */
export async function adjustFinding(ctx: HandlerContext, args: MutationArgs<'adjustFinding'>, raw: unknown): Promise<Outcome> {
	const target = await findingTarget(ctx, 'adjustFinding', args.findingId);
	if (!target.ok) return target.outcome;
	if (args.deadline) {
		const problem = checkDeadline(args.deadline, documentOf(target.inspection).startedAt);
		if (problem) return refusedBy(problem);
	}
	const text = {
		...(args.recommendation !== undefined ? { recommendation: args.recommendation } : {}),
		...(args.detail !== undefined ? { detail: args.detail } : {})
	};
	const patch = {
		...(args.severity ? { critical: args.severity === 'critical' ? 1 : 0 } : {}),
		...(args.deadline ? { deadline: args.deadline } : {}),
		...text
	};
	const data = {
		...(args.severity ? { severity: args.severity } : {}),
		...(args.deadline ? { deadline: args.deadline } : {}),
		...text,
		comment: args.comment
	};
	const status = target.finding.status as FindingStatus;
	await addFindingEvent(ctx, target, { id: mutationIdOf(raw), kind: 'adjusted', status, data }, patch);
	return applied;
}

/** open/reopened → fixReported, with the commune's account of the fix and its photos. */
export async function reportFix(ctx: HandlerContext, args: MutationArgs<'reportFix'>): Promise<Outcome> {
	const target = await findingTarget(ctx, 'reportFix', args.findingId);
	if (!target.ok) return target.outcome;
	if (await findingEventExists(ctx, args.eventId)) return eventTaken();
	for (const [i, photo] of args.photos.entries()) {
		const blob = await checkBlob(ctx, photo);
		// The same answer as for attachPhoto, pointed at this photo of the list.
		if (blob && blob.status !== 'applied') return { ...blob, field: `args.photos.${i}.${blob.field?.replace('args.', '') ?? 'sha256'}` };
	}
	const data = { text: args.text, photos: args.photos, reportedAt: args.reportedAt };
	await addFindingEvent(ctx, target, { id: args.eventId, kind: 'fixReported', status: findingEdges.reportFix.to, data });
	return applied;
}

/** fixReported → verified: the finding is closed. */
export async function verifyFix(ctx: HandlerContext, args: MutationArgs<'verifyFix'>): Promise<Outcome> {
	const target = await findingTarget(ctx, 'verifyFix', args.findingId);
	if (!target.ok) return target.outcome;
	if (await findingEventExists(ctx, args.eventId)) return eventTaken();
	await addFindingEvent(ctx, target, {
		id: args.eventId,
		kind: 'verified',
		status: findingEdges.verify.to,
		data: { comment: args.comment }
	});
	return applied;
}

/** fixReported/verified → reopened, with the reason the commune reads. */
export async function reopenFinding(ctx: HandlerContext, args: MutationArgs<'reopenFinding'>): Promise<Outcome> {
	const target = await findingTarget(ctx, 'reopenFinding', args.findingId);
	if (!target.ok) return target.outcome;
	if (await findingEventExists(ctx, args.eventId)) return eventTaken();
	await addFindingEvent(ctx, target, { id: args.eventId, kind: 'reopened', status: findingEdges.reopen.to, data: { reason: args.reason } });
	return applied;
}
