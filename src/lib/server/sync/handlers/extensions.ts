/**
 * Deadline extension intents (domain/extensions.ts): the commune asks, a reviewer of the
 * province grants (the finding's deadline moves) or refuses. Each is an event in the finding's
 * history, written with the finding in one transaction like the other remediation steps, and
 * audited by the push like every applied intent.
 *
 * Exactly once: the device names the event (`eventId`), so a retried push is answered from its
 * receipt and an eventId reused for another intent is `already_exists`. Whether a request is
 * still pending is decided here, under the writer lock, from the stored history: two reviewers
 * answering the same request on two devices — the second gets `conflict / not_editable`.
 */
import type { FindingStatus } from '$lib/domain/finding-states';
import { extendsDeadline, extensionStep, pendingExtension, type ExtensionIntent } from '$lib/domain/extensions';
import type { MutationArgs } from '$lib/domain/protocol';
import { checkDeadline } from '$lib/domain/record-rules';
import { applied, refuse, type Outcome } from '../results';
import { refusedBy } from './content-checks';
import type { HandlerContext } from './context';
import { documentOf } from './inspections';
import { addFindingEvent, findingEventExists, findingTarget, ruleOutcome, type FindingTarget } from './review-context';

type Ready = Extract<FindingTarget, { ok: true }>;

/** The finding, its record and its pending request, after the shared rule and the history's own. */
async function extensionTarget(
	ctx: HandlerContext,
	name: ExtensionIntent,
	args: { findingId: string; eventId: string; requestId?: string }
): Promise<{ ok: true; target: Ready } | { ok: false; outcome: Outcome }> {
	const target = await findingTarget(ctx, name, args.findingId);
	if (!target.ok) return target;
	if (await findingEventExists(ctx, args.eventId))
		return { ok: false, outcome: refuse('conflict', 'already_exists', 'This eventId is already used', 'args.eventId') };
	const history = await ctx.trx
		.selectFrom('finding_events')
		.select(['id', 'kind', 'at', 'data'])
		.where('finding_id', '=', args.findingId)
		.where('kind', 'in', ['extensionRequested', 'extensionGranted', 'extensionRefused'])
		.execute();
	const events = history.map((e) => ({
		id: e.id,
		kind: e.kind,
		at: e.at,
		requestId: (JSON.parse(e.data) as { requestId?: string }).requestId
	}));
	const pending = pendingExtension(events);
	const facts = {
		status: target.finding.status as FindingStatus,
		unitCode: target.inspection.unit_code,
		provinceCode: target.inspection.province_code,
		recordApproved: target.inspection.status === 'approved'
	};
	const verdict = extensionStep(ctx.actor, name, facts, pending);
	if (!verdict.ok) return { ok: false, outcome: ruleOutcome(verdict, 'args.findingId') };
	if (args.requestId !== undefined && pending?.id !== args.requestId)
		return {
			ok: false,
			outcome: refuse('conflict', 'not_editable', 'That request is not the one waiting for a decision', 'args.requestId')
		};
	return { ok: true, target };
}

/** The date asked for or granted: later than the current deadline, within a year of the visit. */
function checkNewDeadline(target: Ready, deadline: string): Outcome | null {
	if (!extendsDeadline(target.finding.deadline, deadline))
		return refuse('rejected', 'deadline_not_extended', `The deadline ${deadline} is not after ${target.finding.deadline}`, 'args.deadline');
	const problem = checkDeadline(deadline, documentOf(target.inspection).startedAt);
	return problem ? refusedBy(problem) : null;
}

export async function requestExtension(ctx: HandlerContext, args: MutationArgs<'requestExtension'>): Promise<Outcome> {
	const found = await extensionTarget(ctx, 'requestExtension', args);
	if (!found.ok) return found.outcome;
	const wrong = checkNewDeadline(found.target, args.deadline);
	if (wrong) return wrong;
	const status = found.target.finding.status as FindingStatus;
	await addFindingEvent(ctx, found.target, {
		id: args.eventId,
		kind: 'extensionRequested',
		status,
		data: { deadline: args.deadline, reason: args.reason }
	});
	return applied;
}

export async function grantExtension(ctx: HandlerContext, args: MutationArgs<'grantExtension'>): Promise<Outcome> {
	const found = await extensionTarget(ctx, 'grantExtension', args);
	if (!found.ok) return found.outcome;
	const wrong = checkNewDeadline(found.target, args.deadline);
	if (wrong) return wrong;
	const status = found.target.finding.status as FindingStatus;
	await addFindingEvent(
		ctx,
		found.target,
		{
			id: args.eventId,
			kind: 'extensionGranted',
			status,
			data: { requestId: args.requestId, deadline: args.deadline, comment: args.comment }
		},
		{ deadline: args.deadline }
	);
	return applied;
}

export async function refuseExtension(ctx: HandlerContext, args: MutationArgs<'refuseExtension'>): Promise<Outcome> {
	const found = await extensionTarget(ctx, 'refuseExtension', args);
	if (!found.ok) return found.outcome;
	const status = found.target.finding.status as FindingStatus;
	await addFindingEvent(ctx, found.target, {
		id: args.eventId,
		kind: 'extensionRefused',
		status,
		data: { requestId: args.requestId, reason: args.reason }
	});
	return applied;
}
