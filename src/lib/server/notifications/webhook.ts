/**
 * Sending the province webhook (docs/notifications.md): POST of the stored JSON body with
 * `X-Signature-256: sha256=<hex HMAC-SHA256 of the body with the province's secret>`, the
 * delivery id in `X-Delivery-Id`. A 2xx answer delivers; anything else (or no answer within
 * 10 s) is retried with back-off (`webhookRetryDelayMs`) up to WEBHOOK_MAX_ATTEMPTS.
 *
 * Never in the request that caused it: the push only writes the delivery row; `kickWebhooks`
 * runs the sender on a later turn of the event loop, one sender at a time, and sets a timer for
 * the next retry. Rows survive a restart: the hourly tick picks them up again.
 */
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { WEBHOOK_MAX_ATTEMPTS, webhookRetryDelayMs } from '$lib/domain/notifications';
import type { Database } from '../db/schema';
import { webhookTarget } from './webhook-config';

export const SIGNATURE_HEADER = 'X-Signature-256';
const TIMEOUT_MS = 10_000;
/** How long a delivery is this sender's once claimed: longer than one attempt can take. */
const CLAIM_MS = 3 * TIMEOUT_MS;

export const signBody = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export interface DeliveryOptions {
	now?: () => Date;
	fetch?: typeof fetch;
}

/** Sends every delivery that is due; answers the time of the next one still waiting, if any. */
export async function deliverDueWebhooks(db: Kysely<Database>, options: DeliveryOptions = {}): Promise<Date | null> {
	const now = options.now ?? (() => new Date());
	const send = options.fetch ?? fetch;
	const due = await db
		.selectFrom('webhook_deliveries')
		.selectAll()
		.where('delivered_at', 'is', null)
		.where('failed_at', 'is', null)
		.where('next_attempt_at', '<=', now().toISOString())
		.orderBy('next_attempt_at')
		.limit(50)
		.execute();
	for (const d of due) {
		// Every app instance runs a sender: claim the row first (its due time moves past this
		// attempt, only if nobody moved it since it was read), so no two instances send it at once.
		// A sender that dies mid-send leaves the row due again once the claim runs out.
		const claimed = await db
			.updateTable('webhook_deliveries')
			.set({ next_attempt_at: new Date(now().getTime() + CLAIM_MS).toISOString() })
			.where('id', '=', d.id)
			.where('next_attempt_at', '=', d.next_attempt_at)
			.where('delivered_at', 'is', null)
			.where('failed_at', 'is', null)
			.executeTakeFirst();
		if (Number(claimed.numUpdatedRows) === 0) continue;
		const target = webhookTarget(d.province_code);
		let error: string | null = target ? null : 'no webhook configured';
		if (target) {
			try {
				const response = await send(target.url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(target.secret, d.payload), 'X-Delivery-Id': d.id },
					body: d.payload,
					signal: AbortSignal.timeout(TIMEOUT_MS)
				});
				await response.body?.cancel();
				if (!response.ok) error = `HTTP ${response.status}`;
			} catch (e) {
				error = e instanceof Error ? e.message : String(e);
			}
		}
		const attempts = d.attempts + 1;
		const at = now();
		const update =
			error === null
				? { attempts, delivered_at: at.toISOString(), last_error: null }
				: attempts >= WEBHOOK_MAX_ATTEMPTS
					? { attempts, failed_at: at.toISOString(), last_error: error }
					: { attempts, next_attempt_at: new Date(at.getTime() + webhookRetryDelayMs(attempts)).toISOString(), last_error: error };
		await db.updateTable('webhook_deliveries').set(update).where('id', '=', d.id).execute();
	}
	const next = await db
		.selectFrom('webhook_deliveries')
		.select('next_attempt_at')
		.where('delivered_at', 'is', null)
		.where('failed_at', 'is', null)
		.orderBy('next_attempt_at')
		.limit(1)
		.executeTakeFirst();
	return next ? new Date(next.next_attempt_at) : null;
}

let running: Promise<void> | null = null;
let again = false;
let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * Starts the sender on a later turn (the caller returns at once); a kick while it runs makes it
 * go round once more. Errors are logged, never thrown at the caller.
 */
export function kickWebhooks(db: Kysely<Database>, options: DeliveryOptions = {}): void {
	// No province forwards anything: not even a query per push.
	if (!process.env.PROVINCE_WEBHOOKS) return;
	if (running) {
		again = true;
		return;
	}
	running = (async () => {
		await new Promise((resolve) => setImmediate(resolve));
		do {
			again = false;
			const next = await deliverDueWebhooks(db, options);
			if (next) schedule(db, next, options);
		} while (again);
	})()
		.catch((e: unknown) => console.error('[webhook] delivery failed:', e))
		.finally(() => (running = null));
}

function schedule(db: Kysely<Database>, at: Date, options: DeliveryOptions) {
	if (timer) clearTimeout(timer);
	const wait = Math.max(1000, at.getTime() - Date.now());
	timer = setTimeout(() => {
		timer = null;
		kickWebhooks(db, options);
	}, wait);
	timer.unref?.();
}

/** Waits for a sender started by `kickWebhooks` (tests). */
export const webhooksIdle = async (): Promise<void> => {
	while (running) await running;
};
