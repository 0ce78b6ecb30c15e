import { describe, expect, it } from 'vitest';
import { approachingWindow, notificationScope, WEBHOOK_MAX_ATTEMPTS, webhookRetryDelayMs } from './notifications';

describe('notifications', () => {
	it('are read by the commune (ward) or the province (reviewers), never by inspectors', () => {
		expect(notificationScope({ userId: 'w', role: 'ward', provinceCode: 1, unitCode: 70 })).toEqual({ audience: 'ward', unitCode: 70 });
		expect(notificationScope({ userId: 's', role: 'supervisor', provinceCode: 1, unitCode: null })).toEqual({
			audience: 'reviewers',
			provinceCode: 1
		});
		expect(notificationScope({ userId: 'a', role: 'admin', provinceCode: null, unitCode: null })).toEqual({
			audience: 'reviewers',
			provinceCode: null
		});
		expect(notificationScope({ userId: 'i', role: 'inspector', provinceCode: 1, unitCode: null })).toBeNull();
	});

	it('call a deadline approaching from today to three days ahead', () => {
		expect(approachingWindow('2026-12-30')).toEqual({ from: '2026-12-30', to: '2027-01-02' });
	});

	it('retry the webhook with doubling back-off, capped', () => {
		expect([1, 2, 3, 4].map(webhookRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
		expect(webhookRetryDelayMs(20)).toBe(6 * 3600_000);
		expect(WEBHOOK_MAX_ATTEMPTS).toBeGreaterThan(3);
	});
});
