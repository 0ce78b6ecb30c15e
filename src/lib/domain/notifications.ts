/**
 * In-app notifications (issue 18, must-show 6; docs/notifications.md): what a commune or a
 * province's reviewers are told, and the pure rules around it — which account sees which
 * audience, when a deadline counts as approaching, how long the webhook waits before a retry.
 */
import { addDays } from './dates';
import type { Principal } from './principal';

export const notificationKinds = [
	/** A record about the commune was approved: it can read it and its findings. */
	'recordPublished',
	/** A finding's deadline is at most APPROACHING_DAYS away and it is not fixed yet. */
	'deadlineApproaching',
	/** The commune asked for more time (to the province's reviewers). */
	'extensionRequested',
	'extensionGranted',
	'extensionRefused',
	'fixVerified',
	'fixReopened'
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export type Audience = 'ward' | 'reviewers';

/** Told to the commune's ward accounts, or to the province's supervisors and admins. */
export const audienceOf: Record<NotificationKind, Audience> = {
	recordPublished: 'ward',
	deadlineApproaching: 'ward',
	extensionRequested: 'reviewers',
	extensionGranted: 'ward',
	extensionRefused: 'ward',
	fixVerified: 'ward',
	fixReopened: 'ward'
};

/** Which notifications an account reads: its commune's (ward), its province's (reviewers), none (inspectors). */
export type NotificationScope = { audience: 'ward'; unitCode: number } | { audience: 'reviewers'; provinceCode: number | null } | null;

export function notificationScope(p: Principal): NotificationScope {
	if (p.role === 'ward') return p.unitCode === null ? null : { audience: 'ward', unitCode: p.unitCode };
	if (p.role === 'supervisor' || p.role === 'admin') return { audience: 'reviewers', provinceCode: p.provinceCode };
	return null;
}

/** "Approaching": the deadline is today or within the next APPROACHING_DAYS days. */
export const APPROACHING_DAYS = 3;
export function approachingWindow(today: string): { from: string; to: string } {
	return { from: today, to: addDays(today, APPROACHING_DAYS) };
}

/** The webhook gives up after this many failed attempts (about a day and a half of retries). */
export const WEBHOOK_MAX_ATTEMPTS = 8;

/** Wait before attempt `attempts + 1`: 30 s, 1 min, 2 min … doubling, at most 6 h. */
export function webhookRetryDelayMs(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}
