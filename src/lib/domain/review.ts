/**
 * Arguments of the review and remediation intents (issue 5): a supervisor returns or approves a
 * submitted record and adjusts its findings; the commune reports fixes; a supervisor or another
 * inspector verifies or reopens them. Shared by the device (outbox), the sync protocol and the
 * server, like everything in mutations.ts.
 *
 * Offline: every intent is queued like the record's own edits. Events that a device names
 * (`eventId`) are created once however often the push is retried; the server decides, at the
 * moment it applies the intent, whether the record or finding is still in a state that allows
 * it — if not, the result is `conflict / not_editable` and the next pull shows why.
 */
import { z } from 'zod';
import { idSchema } from './ids';
import { photoMetaSchema } from './inspection';

const requiredText = (missing: string) => z.string().trim().min(1, missing).max(5000, 'too_long');
const optionalText = z.string().trim().max(5000, 'too_long').default('');

export const findingSeveritySchema = z.enum(['normal', 'critical']);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

/**
 * A photo of a fix: the photo metadata of the record without its place in the checklist. The
 * bytes are uploaded by hash first (PUT /api/blobs/<sha256>), as for `attachPhoto`.
 */
export const fixPhotoSchema = photoMetaSchema.omit({ inspectionId: true, itemId: true, officerId: true, originalSha256: true });
export type FixPhoto = z.infer<typeof fixPhotoSchema>;

export const reviewArgsSchemas = {
	/** Sends a submitted record back to its inspector; the comment says what to correct. */
	returnInspection: z.object({ inspectionId: idSchema, comment: requiredText('return_comment_required') }),
	/** Approves a submitted record and publishes it, with its findings, to the commune. */
	approveInspection: z.object({ inspectionId: idSchema, comment: optionalText }),
	/**
	 * The reviewer's change to a finding of a submitted record: severity, deadline, the corrective
	 * action (`recommendation`) and the finding's `detail`, with a note. Absent fields stay as they
	 * are; what is given becomes the reviewer's and is kept across return and resubmission.
	 */
	adjustFinding: z.object({
		findingId: idSchema,
		severity: findingSeveritySchema.optional(),
		deadline: z.iso.date({ message: 'invalid_date' }).optional(),
		recommendation: z.string().trim().min(3, 'recommendation_required').max(5000, 'too_long').optional(),
		detail: z.string().trim().max(5000, 'too_long').optional(),
		comment: optionalText
	}),
	/** The commune's report of what it did about a finding, with photos as evidence. */
	reportFix: z.object({
		findingId: idSchema,
		eventId: idSchema,
		text: requiredText('fix_text_required'),
		photos: z.array(fixPhotoSchema).max(20, 'too_many_photos').default([]),
		reportedAt: z.iso.datetime({ offset: true, message: 'invalid_datetime' })
	}),
	/** Accepts a reported fix: the finding is closed. */
	verifyFix: z.object({ findingId: idSchema, eventId: idSchema, comment: optionalText }),
	/** Refuses a reported (or earlier accepted) fix: the commune has to act again. */
	reopenFinding: z.object({ findingId: idSchema, eventId: idSchema, reason: requiredText('reopen_reason_required') })
} as const;
