/**
 * The feedback point at the counter (issue 19, must-show 3; docs/feedback-point.md): the shapes of
 * its management API (GET/POST /api/feedback-points, …/rotate, …/revoke, …/floods) and of the
 * citizen's answer to POST /api/feedback/<token>.
 *
 * The answer carries nothing about the person or the phone: the schema strips any key it does not
 * name, and `submissionId` must be a random (version 4) UUID, so not even the phone's clock
 * travels with it (a version 7 id would carry the moment it was made).
 */
import { z } from 'zod';
import { responseSchema } from '../questionnaire';

/** A feedback point's token: 32 random bytes in base64url (256 bits), what the QR code carries. */
export const feedbackTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const feedbackPointStatuses = ['active', 'revoked'] as const;
export type FeedbackPointStatus = (typeof feedbackPointStatuses)[number];

export const feedbackPointSchema = z.object({
	id: z.uuid(),
	unitCode: z.number().int().positive(),
	/** The unit's official name (units directory), as the poster prints it. */
	unitName: z.string(),
	provinceCode: z.number().int().positive(),
	token: feedbackTokenSchema,
	status: z.enum(feedbackPointStatuses),
	/** The point whose token replaced this one when it was rotated. */
	replacedBy: z.uuid().nullable(),
	createdAt: z.iso.datetime(),
	revokedAt: z.iso.datetime().nullable()
});
export type FeedbackPoint = z.infer<typeof feedbackPointSchema>;

/** GET /api/feedback-points: the caller's points, newest first, revoked ones included. */
export const feedbackPointListSchema = z.object({ points: z.array(feedbackPointSchema) });
export type FeedbackPointList = z.infer<typeof feedbackPointListSchema>;

/** POST /api/feedback-points. */
export const feedbackPointCreateSchema = z.object({ unitCode: z.number().int().positive().max(999_999_999) });
export type FeedbackPointCreate = z.infer<typeof feedbackPointCreateSchema>;

/** POST /api/feedback-points/<id>/rotate: the new point, and the old one now revoked. */
export const feedbackPointRotationSchema = z.object({ point: feedbackPointSchema, replaced: feedbackPointSchema });
export type FeedbackPointRotation = z.infer<typeof feedbackPointRotationSchema>;

/** POST /api/feedback/<token>: one citizen's answer, pinned to the questionnaire version the page showed. */
export const feedbackSubmissionSchema = responseSchema.extend({
	/** Made by the page for each answer, so that a resend is stored once. */
	submissionId: z.uuidv4(),
	questionnaireId: z.string().min(1).max(100),
	questionnaireVersion: z.string().min(1).max(50)
});
export type FeedbackSubmission = z.infer<typeof feedbackSubmissionSchema>;

/** The answer to a submission: 201 `stored`, or 200 `already_stored` for a resend of one stored before. */
export const feedbackReceiptSchema = z.object({ status: z.enum(['stored', 'already_stored']) });
export type FeedbackReceipt = z.infer<typeof feedbackReceiptSchema>;

/** An abnormal burst at one point in one hour ("đợt gửi bất thường", see FLOOD_ANSWERS_PER_HOUR). */
export const feedbackFloodSchema = z.object({
	flood: z.string(),
	pointId: z.uuid(),
	unitCode: z.number().int().positive(),
	unitName: z.string(),
	/** The hour (UTC instant at its start) the answers were received in. */
	hour: z.iso.datetime(),
	count: z.number().int().positive()
});
export type FeedbackFlood = z.infer<typeof feedbackFloodSchema>;

/** GET /api/feedback-points/floods. */
export const feedbackFloodListSchema = z.object({ floods: z.array(feedbackFloodSchema) });
export type FeedbackFloodList = z.infer<typeof feedbackFloodListSchema>;
