/** Where each role works with a record, so every list and back link leads to a page it may open. */
import type { InspectionStatus } from './inspection';
import type { Role } from './permissions';

export function recordHref(role: Role | undefined, record: { id: string; status: InspectionStatus }): string {
	if (role === 'inspector') return `/inspections/${record.id}`;
	if ((role === 'supervisor' || role === 'admin') && record.status === 'submitted') return `/supervisor/review/${record.id}`;
	return `/inspections/${record.id}/record`;
}
