/**
 * Deadline extensions (issue 18, must-show 6): the commune asks for more time on a finding it
 * still has to fix, with a reason and the date it asks for; a supervisor (or admin) of the
 * province grants it — with the new deadline, which need not be the one asked for — or refuses
 * it with a reason. Each step is an event in the finding's history (who, when, why), so the
 * ward sees the answer on the finding and the audit trail holds the intent.
 *
 * Sync intents rather than an online API: the ward asks from the field, where the finding and
 * its deadline already live on the phone, and the request must survive a dead connection like a
 * fix report does. The decision is an intent too, next to verifyFix/reopenFinding, so the
 * supervisor's device shows it at once and the exactly-once rules (eventId, mutationId) are the
 * push's own.
 *
 *   no request ──requestExtension──▶ pending ──grantExtension──▶ decided (deadline moved)
 *                                      └──────refuseExtension──▶ decided (deadline kept)
 *
 * One pending request at a time; a decided one may be followed by a new request. The finding's
 * remediation status (finding-states.ts) does not change: only its deadline, on a grant.
 */
import { z } from 'zod';
import type { FindingStatus } from './finding-states';
import { idSchema } from './ids';
import type { Principal } from './principal';

const reasonText = (missing: string) => z.string().trim().min(1, missing).max(5000, 'too_long');
const isoDate = z.iso.date({ message: 'invalid_date' });

export const extensionArgsSchemas = {
	/** The commune asks to move a finding's deadline to `deadline`, saying why. */
	requestExtension: z.object({
		findingId: idSchema,
		eventId: idSchema,
		deadline: isoDate,
		reason: reasonText('extension_reason_required')
	}),
	/** The reviewer grants the pending request `requestId`, with the deadline that now applies. */
	grantExtension: z.object({
		findingId: idSchema,
		eventId: idSchema,
		requestId: idSchema,
		deadline: isoDate,
		comment: z.string().trim().max(5000, 'too_long').default('')
	}),
	/** The reviewer refuses the pending request `requestId`; the deadline stays, the reason is the commune's to read. */
	refuseExtension: z.object({
		findingId: idSchema,
		eventId: idSchema,
		requestId: idSchema,
		reason: reasonText('extension_refusal_required')
	})
} as const;

export type ExtensionIntent = keyof typeof extensionArgsSchemas;
export const extensionEventKinds = ['extensionRequested', 'extensionGranted', 'extensionRefused'] as const;
export type ExtensionEventKind = (typeof extensionEventKinds)[number];

/** What the rules need of a finding's history: its extension events, in any order. */
export interface ExtensionEventFacts {
	id: string;
	kind: string;
	at: string;
	/** Decisions name the request they answer. */
	requestId?: string;
}

/** The request still waiting for a decision, if any (the newest request nobody answered). */
export function pendingExtension<E extends ExtensionEventFacts>(events: readonly E[]): E | null {
	const answered = new Set(events.filter((e) => e.kind === 'extensionGranted' || e.kind === 'extensionRefused').map((e) => e.requestId));
	const open = events.filter((e) => e.kind === 'extensionRequested' && !answered.has(e.id));
	return open.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))[0] ?? null;
}

export type ExtensionRefusal = 'forbidden' | 'not_editable';
export type ExtensionVerdict = { ok: true } | { ok: false; code: ExtensionRefusal; reason: string };

export interface ExtensionFacts {
	status: FindingStatus;
	unitCode: number;
	provinceCode: number;
	/** Only findings of approved (published) records are the commune's business. */
	recordApproved: boolean;
}

const still = (reason: string): ExtensionVerdict => ({ ok: false, code: 'not_editable', reason });
const never = (reason: string): ExtensionVerdict => ({ ok: false, code: 'forbidden', reason });

/**
 * May `who` take `name` on this finding, whose pending request is `pending`? By person first
 * (forbidden: never for this account), then by state (not_editable: the finding moved on, the
 * next pull explains). A finding waiting for verification or closed needs no more time.
 */
export function extensionStep(who: Principal, name: ExtensionIntent, f: ExtensionFacts, pending: { id: string } | null): ExtensionVerdict {
	if (name === 'requestExtension') {
		if (who.role !== 'ward') return never(`The ${who.role} role may not ask for an extension`);
		if (who.unitCode !== f.unitCode) return never("The finding is outside the account's unit");
		if (!f.recordApproved) return still('The record is not published');
		if (f.status !== 'open' && f.status !== 'reopened') return still(`A finding that is ${f.status} needs no extension`);
		if (pending) return still('An extension request is already waiting for a decision');
		return { ok: true };
	}
	if (who.role !== 'supervisor' && who.role !== 'admin') return never(`The ${who.role} role may not decide an extension`);
	if (who.provinceCode !== null && who.provinceCode !== f.provinceCode) return never("The finding is outside the account's province");
	if (!pending) return still('No extension request is waiting for a decision');
	return { ok: true };
}

/** A granted deadline must move the deadline later; anything else is not an extension. */
export const extendsDeadline = (current: string, granted: string): boolean => granted > current;
