/** In-app notifications and the province webhook (docs/notifications.md). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { startNotificationTicks as startTicks } from './deadlines';
import { kickWebhooks } from './webhook';

export { addNotification, notifyAfterMutation, webhookBody, type NewNotification } from './produce';
export { sweepApproachingDeadlines } from './deadlines';
export { listNotifications, markNotificationsRead } from './list';
export { deliverDueWebhooks, kickWebhooks, signBody, SIGNATURE_HEADER, webhooksIdle } from './webhook';
export { webhookTarget } from './webhook-config';

/** The hourly sweep and webhook sender, started once by the server (hooks.server.ts). */
export const startNotificationTicks = (db: Kysely<Database>): void => startTicks(db, kickWebhooks);
