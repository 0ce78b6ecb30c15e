/**
 * Audit entries the admin screens write on top of the ones auth defines. The column is free
 * text (audit.ts says later issues add their own); the one cast below is the only place that
 * widens auth's AuditAction union.
 */
import type { Kysely } from 'kysely';
import { appendAudit, type AppendedEntry, type AuditAction, type AuditEntry } from '../auth/audit';
import type { Database } from '../db/schema';

export type AdminAuditAction =
	| AuditAction
	| 'unit_activated'
	| 'unit_deactivated'
	| 'display_name_changed'
	| 'sessions_revoked'
	| 'audit_anchored'
	| 'template_draft_created'
	| 'template_draft_updated'
	| 'template_draft_deleted'
	| 'template_imported'
	| 'template_exported'
	| 'template_published'
	| 'template_retired'
	| 'branch_created'
	| 'branch_changed'
	| 'reception_point_created'
	| 'reception_point_changed'
	| 'roster_officer_added'
	| 'roster_officer_changed'
	| 'unit_location_set'
	| 'unit_locations_imported'
	| 'feedback_point_created'
	| 'feedback_point_rotated'
	| 'feedback_point_revoked'
	| 'feedback_item_handled'
	| 'feedback_settings_changed';

export interface AdminAuditEntry extends Omit<AuditEntry, 'action'> {
	action: AdminAuditAction;
}

/** appendAudit for admin actions: pass the transaction of the change it describes. */
export function appendAdminAudit(db: Kysely<Database>, entry: AdminAuditEntry): Promise<AppendedEntry> {
	// TODO: add these names to AuditAction in auth/audit.ts, then drop this cast.
	return appendAudit(db, entry as AuditEntry);
}
