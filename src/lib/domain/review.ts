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

const requiredText = (missing: string) => z.string().trim().min(1, missing).max(5000, 'Quá dài (tối đa 5.000 ký tự)');
const optionalText = z.string().trim().max(5000, 'Quá dài (tối đa 5.000 ký tự)').default('');

export const findingSeveritySchema = z.enum(['normal', 'critical']);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

/**
 * A photo of a fix: the photo metadata of the record without its place in the checklist. The
 * bytes are uploaded by hash first (PUT /api/blobs/<sha256>), as for `attachPhoto`.
 */
export const fixPhotoSchema = photoMetaSchema.omit({ inspectionId: true, itemId: true, officerId: true });
export type FixPhoto = z.infer<typeof fixPhotoSchema>;

export const reviewArgsSchemas = {
	/** Sends a submitted record back to its inspector; the comment says what to correct. */
	returnInspection: z.object({ inspectionId: idSchema, comment: requiredText('Cần ghi rõ lý do trả lại biên bản') }),
	/** Approves a submitted record and publishes it, with its findings, to the commune. */
	approveInspection: z.object({ inspectionId: idSchema, comment: optionalText }),
	/** The reviewer's change to a finding of a submitted record: severity, deadline, a note. */
	adjustFinding: z.object({
		findingId: idSchema,
		severity: findingSeveritySchema.optional(),
		deadline: z.iso.date({ message: 'Ngày không hợp lệ (YYYY-MM-DD)' }).optional(),
		comment: optionalText
	}),
	/** The commune's report of what it did about a finding, with photos as evidence. */
	reportFix: z.object({
		findingId: idSchema,
		eventId: idSchema,
		text: requiredText('Cần mô tả việc đã khắc phục'),
		photos: z.array(fixPhotoSchema).max(20, 'Tối đa 20 ảnh').default([]),
		reportedAt: z.iso.datetime({ offset: true, message: 'Thời gian không hợp lệ' })
	}),
	/** Accepts a reported fix: the finding is closed. */
	verifyFix: z.object({ findingId: idSchema, eventId: idSchema, comment: optionalText }),
	/** Refuses a reported (or earlier accepted) fix: the commune has to act again. */
	reopenFinding: z.object({ findingId: idSchema, eventId: idSchema, reason: requiredText('Cần ghi rõ lý do mở lại') })
} as const;
