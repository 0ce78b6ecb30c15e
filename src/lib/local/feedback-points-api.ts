/**
 * The feedback point screens' calls (docs/feedback-point.md). Online only on purpose: a rotated
 * or revoked token must stop working at once, so nothing here is queued; a refusal or no network
 * is an AdminApiError the screen words with `errorText`.
 */
import type { FeedbackFlood, FeedbackPoint, FeedbackPointRotation } from '$lib/domain/protocol/feedback-points';
import { call } from './admin-api';

export type { FeedbackFlood, FeedbackPoint };

export const feedbackPointsApi = {
	list: () => call<{ points: FeedbackPoint[] }>('GET', '/api/feedback-points').then((r) => r.points),
	create: (unitCode: number) => call<{ point: FeedbackPoint }>('POST', '/api/feedback-points', { unitCode }).then((r) => r.point),
	rotate: (id: string) => call<FeedbackPointRotation>('POST', `/api/feedback-points/${encodeURIComponent(id)}/rotate`),
	revoke: (id: string) =>
		call<{ point: FeedbackPoint }>('POST', `/api/feedback-points/${encodeURIComponent(id)}/revoke`).then((r) => r.point),
	floods: () => call<{ floods: FeedbackFlood[] }>('GET', '/api/feedback-points/floods').then((r) => r.floods)
};
