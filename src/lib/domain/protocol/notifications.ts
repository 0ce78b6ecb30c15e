/**
 * Notifications over HTTP (docs/notifications.md): the list an account reads, marking read, and
 * the JSON a province's webhook receives. Online calls, not synced entities: a notification is
 * a pointer to something the device pulls anyway (the record, the finding's new deadline).
 */
import { z } from 'zod';
import { idSchema } from '../ids';
import { notificationKinds } from '../notifications';

export const notificationKindSchema = z.enum(notificationKinds);

/** The facts a notification carries; which are present depends on `kind`. */
export const notificationDataSchema = z.object({
	unitName: z.string().optional(),
	/** The finding's title or the record's number. */
	title: z.string().optional(),
	deadline: z.iso.date().optional(),
	reason: z.string().optional(),
	comment: z.string().optional(),
	actorName: z.string().optional()
});

export const notificationSchema = z.object({
	id: z.string(),
	kind: notificationKindSchema,
	provinceCode: z.number().int(),
	unitCode: z.number().int(),
	inspectionId: idSchema.nullable(),
	findingId: idSchema.nullable(),
	data: notificationDataSchema,
	createdAt: z.iso.datetime({ offset: true }),
	read: z.boolean()
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({ notifications: z.array(notificationSchema), unread: z.number().int().nonnegative() });
export type NotificationList = z.infer<typeof notificationListSchema>;

/** Mark these notifications read, or all of the account's (`all: true`). */
export const markReadSchema = z.union([
	z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(200) }),
	z.object({ all: z.literal(true) })
]);
export type MarkReadRequest = z.infer<typeof markReadSchema>;

/** The body a province's webhook receives (signed: X-Signature-256 = sha256=<hex HMAC of the body>). */
export const webhookPayloadSchema = z.object({
	event: z.literal('notification'),
	deliveryId: z.string(),
	notification: notificationSchema.omit({ read: true })
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
