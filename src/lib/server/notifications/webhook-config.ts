/**
 * Which provinces forward their notifications, and where: the environment variable
 * PROVINCE_WEBHOOKS, JSON mapping a province code (or "*" for every province) to the URL and
 * the shared secret the body is signed with (docs/notifications.md):
 *
 *   PROVINCE_WEBHOOKS='{"1": {"url": "https://chat.hanoi.example/hooks/ktmc", "secret": "…"}}'
 *
 * Read at each use, so a restart is not needed in tests; a malformed value is logged once and
 * treated as no webhook rather than stopping the server.
 */
import { z } from 'zod';

const targetSchema = z.object({ url: z.url({ protocol: /^https?$/ }), secret: z.string().min(16) });
const configSchema = z.record(z.string().regex(/^(\*|\d{1,6})$/), targetSchema);
export type WebhookTarget = z.infer<typeof targetSchema>;

let warned = '';

export function webhookTarget(provinceCode: number, env: Record<string, string | undefined> = process.env): WebhookTarget | null {
	const raw = env.PROVINCE_WEBHOOKS;
	if (!raw) return null;
	let parsed: ReturnType<typeof configSchema.safeParse>;
	try {
		parsed = configSchema.safeParse(JSON.parse(raw));
	} catch {
		parsed = configSchema.safeParse(null);
	}
	if (!parsed.success) {
		if (warned !== raw)
			console.error('[webhook] PROVINCE_WEBHOOKS is not valid JSON of {code: {url, secret ≥ 16 chars}}; no webhook is sent');
		warned = raw;
		return null;
	}
	return parsed.data[String(provinceCode)] ?? parsed.data['*'] ?? null;
}
