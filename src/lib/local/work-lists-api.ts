/**
 * The supervisor's work lists and everyone's notifications, read from the server
 * (docs/work-lists.md, docs/notifications.md). Online only: the lists are of the whole
 * province, more than a device holds, and a notification points at something the pull brings.
 */
import type { MarkReadRequest, NotificationList } from '$lib/domain/protocol/notifications';
import type { FindingWorkList, InspectionWorkList } from '$lib/domain/protocol/work-lists';
import { call } from './admin-api';

/** Filters as the screen holds them: empty strings are "any". */
export type InspectionFilters = Partial<Record<'province' | 'status' | 'unit' | 'inspector' | 'from' | 'to' | 'q' | 'page', string>>;

const queryOf = (filters: Record<string, string | undefined>) => {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
	const text = params.toString();
	return text ? `?${text}` : '';
};

export const workListsApi = {
	inspections: (filters: InspectionFilters) => call<InspectionWorkList>('GET', `/api/work-lists/inspections${queryOf(filters)}`),
	findings: (list: 'overdue' | 'toVerify', page = 1, province?: string) =>
		call<FindingWorkList>('GET', `/api/work-lists/findings${queryOf({ list, page: String(page), province })}`)
};

export const notificationsApi = {
	list: () => call<NotificationList>('GET', '/api/notifications'),
	markRead: (request: MarkReadRequest) => call<{ marked: number }>('POST', '/api/notifications/read', request)
};
