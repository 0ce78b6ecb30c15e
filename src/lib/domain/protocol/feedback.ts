/**
 * The citizens' comments over HTTP (issue 19, must-show 4; docs/feedback.md): the province's
 * inbox of feedback items (GET /api/feedback-items, POST /api/feedback-items/[id]/handle), the
 * province's setting whether wards read their own unit's comments (GET/PUT
 * /api/feedback-settings), and a unit's own view (GET /api/feedback-summary): respondents and
 * averages, and only where the province allows it, its comments masked on the server.
 */
import { z } from 'zod';
import { sipasFactorSchema } from '../template';

const isoDate = z.iso.date({ message: 'invalid_date' });
const code = z.coerce.number().int().min(1).max(1_000_000);

export const feedbackSources = ['point', 'interview'] as const;
export const feedbackSourceSchema = z.enum(feedbackSources);
export type FeedbackSource = z.infer<typeof feedbackSourceSchema>;

export const feedbackStatuses = ['open', 'handled'] as const;
export const feedbackStatusSchema = z.enum(feedbackStatuses);
export type FeedbackStatus = z.infer<typeof feedbackStatusSchema>;

/** Longest reply note: a few sentences on what was done, not a letter. */
export const MAX_REPLY_NOTE = 2000;

/** Items per page of the inbox. */
export const FEEDBACK_PAGE_SIZE = 50;

/** GET /api/feedback-items: the province's items, newest first. */
export const feedbackItemQuerySchema = z
	.object({
		/** A national admin names the province (absent: every province); everyone else works in their own. */
		province: code.optional(),
		status: feedbackStatusSchema.optional(),
		unit: code.optional(),
		/** Days received (Vietnam), inclusive. */
		from: isoDate.optional(),
		to: isoDate.optional(),
		page: z.coerce.number().int().min(1).max(100_000).default(1)
	})
	.refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'window_end_before_start' });
export type FeedbackItemQuery = z.infer<typeof feedbackItemQuerySchema>;

/** One item as the province's supervisors read it: the citizen's words as written. */
export const feedbackItemSchema = z.object({
	id: z.string(),
	source: feedbackSourceSchema,
	unitCode: z.number().int(),
	/** The unit's official name (the 2025 list). */
	unitName: z.string(),
	provinceCode: z.number().int(),
	/** Day received, Vietnam (YYYY-MM-DD). */
	receivedOn: z.string(),
	text: z.string(),
	/** Its answer was part of a burst the server judged a flood: shown as such, kept out of the averages. */
	flood: z.boolean(),
	status: feedbackStatusSchema,
	handledAt: z.string().nullable(),
	/** Display name of whoever marked it handled. */
	handledBy: z.string().nullable(),
	replyNote: z.string().nullable()
});
export type FeedbackItem = z.infer<typeof feedbackItemSchema>;

export const feedbackItemListSchema = z.object({
	items: z.array(feedbackItemSchema),
	total: z.number().int(),
	page: z.number().int(),
	pageSize: z.number().int(),
	/** For the unit filter: the units that have items in the province, by name. */
	units: z.array(z.object({ code: z.number().int(), name: z.string() }))
});
export type FeedbackItemList = z.infer<typeof feedbackItemListSchema>;

/** POST /api/feedback-items/[id]/handle. */
export const handleFeedbackRequestSchema = z.strictObject({ replyNote: z.string().trim().min(3).max(MAX_REPLY_NOTE) });
export type HandleFeedbackRequest = z.infer<typeof handleFeedbackRequestSchema>;

/** GET /api/feedback-settings?province= (a national admin names it). */
export const feedbackSettingsQuerySchema = z.object({ province: code.optional() });

/** PUT /api/feedback-settings. */
export const feedbackSettingsRequestSchema = z.strictObject({
	/** A national admin names the province; everyone else sets their own. */
	provinceCode: z.number().int().min(1).max(1_000_000).optional(),
	wardSeesComments: z.boolean()
});
export type FeedbackSettingsRequest = z.infer<typeof feedbackSettingsRequestSchema>;

export const feedbackSettingsSchema = z.object({
	provinceCode: z.number().int(),
	/** Wards read their own unit's comments, masked. Off until the province turns it on. */
	wardSeesComments: z.boolean(),
	updatedAt: z.string().nullable()
});
export type FeedbackSettings = z.infer<typeof feedbackSettingsSchema>;

/** GET /api/feedback-summary: a ward its own unit (no `unit`), the province's overseers any unit of it. */
export const feedbackSummaryQuerySchema = z
	.object({ unit: code.optional(), from: isoDate.optional(), to: isoDate.optional() })
	.refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'window_end_before_start' });
export type FeedbackSummaryQuery = z.infer<typeof feedbackSummaryQuerySchema>;

const factorAverageSchema = z.object({ n: z.number().int(), mean: z.number().nullable(), smallSample: z.boolean() });

/** A comment as a ward reads it: masked by the server, without who handled it or how. */
export const maskedCommentSchema = z.object({
	id: z.string(),
	source: feedbackSourceSchema,
	receivedOn: z.string(),
	text: z.string(),
	status: feedbackStatusSchema
});
export type MaskedComment = z.infer<typeof maskedCommentSchema>;

export const feedbackSummarySchema = z.object({
	unitCode: z.number().int(),
	unitName: z.string(),
	from: z.string(),
	to: z.string(),
	/** Respondents of both sources; flooded answers are not counted. */
	respondents: z.number().int(),
	bySource: z.object({ interview: z.number().int(), point: z.number().int() }),
	factors: z.record(sipasFactorSchema, factorAverageSchema),
	respondentsWithCritical: z.number().int(),
	/** Whether the province lets its wards read comments; `comments` is null when it does not. */
	commentsShown: z.boolean(),
	comments: z.array(maskedCommentSchema).nullable()
});
export type FeedbackSummary = z.infer<typeof feedbackSummarySchema>;
