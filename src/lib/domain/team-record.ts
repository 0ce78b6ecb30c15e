/**
 * One record, several phones (issue 17): the team fills one biên bản together.
 *
 * - The trưởng đoàn is the record's writer (`createdBy`): they may change anything. Every other
 *   account on the record's team (`team[].userId`, mirrored into `inspection_assignments`) may
 *   open the record and write only in the sections they hold (`SectionHolding`).
 * - Every answer keeps who gave it and when (`answeredBy`, `answeredAt`).
 * - When two people answered the same item differently, neither without having seen the other's
 *   answer, both versions are kept as an `AnswerConflict` and the trưởng đoàn chooses; nothing is
 *   overwritten silently. `decideAnswer` is that rule, applied alike by the server (the
 *   authority, on push) and by the trưởng đoàn's phone (merging a member's part read by QR).
 * - A member's part is finished when it is handed in (through the server or by QR) or released
 *   by the trưởng đoàn with a reason (`TeamPart`); only then can the record be submitted.
 *
 * Pure and shared by the device, the server and the service worker.
 */
import { z } from 'zod';
import { idSchema } from './ids';
import { answerOfficerIdSchema, itemIdSchema, type AnswerValue } from './inspection';
import { canonicalJson } from './team-holdings';

export { canonicalJson, mayWriteSection, partsOutstanding, teamPartStates } from './team-holdings';
export type { SectionHolding, TeamPart, TeamPartState } from './team-holdings';

const isoDateTime = z.iso.datetime({ offset: true, message: 'invalid_datetime' });
export const sectionIdSchema = z.string().regex(/^[A-Z]$/);

/** Identifies one version of an answer: the person who gave it and when. */
export const answerStampSchema = z.object({ answeredBy: idSchema, answeredAt: isoDateTime });
export type AnswerStamp = z.infer<typeof answerStampSchema>;

/** An answer as the rule sees it. `answeredBy` is '' on records written before issue 17. */
export interface AnswerVersion {
	value: AnswerValue | null;
	note: string;
	answeredBy: string;
	answeredAt: string;
}

/**
 * Two or more versions of one answer given without sight of each other. `versions` is ordered
 * by (answeredAt, answeredBy), so every device lists them alike whatever order they arrived in;
 * while unresolved, the record's answer is the first of them. Resolved: the trưởng đoàn's choice
 * becomes the answer (keeping its author and time) and the conflict stays listed, resolved.
 */
export interface AnswerConflict {
	inspectionId: string;
	itemId: string;
	officerId: string;
	versions: AnswerVersion[];
	resolvedBy: string | null;
	resolvedAt: string | null;
	chosen: AnswerStamp | null;
}

const requiredReason = z.string().trim().min(3, 'release_reason_required').max(1000, 'too_long');

/**
 * Arguments of the team intents (spread into `mutationArgsSchemas`). `answerItem` gains
 * `basedOn` (see `answerBasisSchema`) rather than a new intent.
 */
export const teamArgsSchemas = {
	/**
	 * Puts `sectionIds` in `userId`'s hands, or frees them (userId null). A member may take free
	 * sections for themselves and free their own; the trưởng đoàn hands out or takes back any.
	 */
	holdSections: z.object({
		inspectionId: idSchema,
		sectionIds: z.array(sectionIdSchema).min(1).max(26),
		userId: idSchema.nullable()
	}),
	/** The trưởng đoàn chooses one version of a conflicting answer. */
	resolveAnswerConflict: z.object({
		inspectionId: idSchema,
		itemId: itemIdSchema,
		officerId: answerOfficerIdSchema,
		chosen: answerStampSchema
	}),
	/** A member says their part is complete; queued after their last change, so it arrives after it. */
	handInPart: z.object({ inspectionId: idSchema, handedInAt: isoDateTime }),
	/** The trưởng đoàn goes on without a member's part, saying why. */
	releaseMember: z.object({ inspectionId: idSchema, userId: idSchema, reason: requiredReason })
} as const;

/**
 * What the answering device had seen of the item when its user answered: the stamp of the answer
 * shown to them, or null when there was none. Absent (an older app): the answer replaces
 * whatever is there, as before issue 17.
 */
export const answerBasisSchema = answerStampSchema.nullable().optional();
export type AnswerBasis = z.infer<typeof answerBasisSchema>;

export interface IncomingAnswer extends AnswerVersion {
	basedOn?: AnswerBasis;
}

/** What to do with an incoming answer, given the stored one and any open conflict on the item. */
export type AnswerDecision = { kind: 'set' } | { kind: 'keep' } | { kind: 'conflict'; versions: AnswerVersion[]; answer: AnswerVersion };

const sameStamp = (a: AnswerStamp, b: AnswerStamp) => a.answeredBy === b.answeredBy && a.answeredAt === b.answeredAt;

/** Same content, whoever gave it: value (as canonical JSON) and note. */
export function sameContent(a: AnswerVersion, b: AnswerVersion): boolean {
	return a.note.trim() === b.note.trim() && canonicalJson(a.value) === canonicalJson(b.value);
}

/** Orders versions the same way on every device: by time, then author. */
export function orderVersions(versions: readonly AnswerVersion[]): AnswerVersion[] {
	return [...versions].sort((a, b) =>
		a.answeredAt === b.answeredAt ? a.answeredBy.localeCompare(b.answeredBy) : a.answeredAt < b.answeredAt ? -1 : 1
	);
}

/**
 * The merge rule for one answer (server on push, trưởng đoàn's phone on a QR merge):
 * - an open conflict takes the incoming version in (replacing that author's earlier version);
 * - no stored answer, the same author, an older app (`basedOn` absent) or an answer given in
 *   sight of the stored one (`basedOn` equals its stamp): the incoming answer is set;
 * - the same content as stored: kept as it is (the first author keeps it);
 * - otherwise both are kept as a conflict, the earliest version standing until the choice.
 */
export function decideAnswer(
	stored: AnswerVersion | null,
	incoming: IncomingAnswer,
	open: Pick<AnswerConflict, 'versions' | 'resolvedAt'> | null
): AnswerDecision {
	const version: AnswerVersion = {
		value: incoming.value,
		note: incoming.note,
		answeredBy: incoming.answeredBy,
		answeredAt: incoming.answeredAt
	};
	if (open && open.resolvedAt === null) {
		const versions = orderVersions([...open.versions.filter((v) => v.answeredBy !== version.answeredBy), version]);
		return { kind: 'conflict', versions, answer: versions[0]! };
	}
	if (stored === null || stored.answeredBy === incoming.answeredBy || incoming.basedOn === undefined) return { kind: 'set' };
	if (incoming.basedOn !== null && sameStamp(incoming.basedOn, stored)) return { kind: 'set' };
	if (sameContent(stored, version)) return { kind: 'keep' };
	const versions = orderVersions([stored, version]);
	return { kind: 'conflict', versions, answer: versions[0]! };
}
