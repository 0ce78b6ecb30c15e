/**
 * The feedback screens' calls (docs/feedback.md): the province's inbox, its setting for wards,
 * and a unit's own summary. Online only, like the admin calls: a comment is read where it is
 * kept, never copied onto a device's storage. Refusals arrive as AdminApiError (admin-api.ts).
 */
import type { FeedbackItem, FeedbackItemList, FeedbackSettings, FeedbackStatus, FeedbackSummary } from '$lib/domain/protocol/feedback';
import { call } from './admin-api';

export interface InboxFilter {
	status: FeedbackStatus | '';
	unit: number | null;
	from: string;
	to: string;
	page: number;
}

const query = (entries: Record<string, string | number | null | undefined>) => {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(entries)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
	const text = params.toString();
	return text ? `?${text}` : '';
};

export const feedbackApi = {
	list: (f: InboxFilter) =>
		call<FeedbackItemList>('GET', `/api/feedback-items${query({ status: f.status, unit: f.unit, from: f.from, to: f.to, page: f.page })}`),
	handle: (id: string, replyNote: string) =>
		call<{ item: FeedbackItem }>('POST', `/api/feedback-items/${encodeURIComponent(id)}/handle`, { replyNote }).then((r) => r.item),
	settings: (province?: number) =>
		call<{ settings: FeedbackSettings }>('GET', `/api/feedback-settings${query({ province })}`).then((r) => r.settings),
	saveSettings: (wardSeesComments: boolean, provinceCode?: number) =>
		call<{ settings: FeedbackSettings }>('PUT', '/api/feedback-settings', { wardSeesComments, provinceCode }).then((r) => r.settings),
	summary: (p: { unit?: number; from: string; to: string }) => call<FeedbackSummary>('GET', `/api/feedback-summary${query(p)}`)
};
