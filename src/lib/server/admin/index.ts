/**
 * The admin API's logic (issue 4, item 5): accounts, active communes and the audit trail for
 * administrators. Routes under /api/admin stay thin: adminEndpoint (requireAdmin → body → database → json) around one of these.
 */
export { requireAdmin, managesProvince, assertManagesProvince, type AdminActor } from './guard';
export { adminEndpoint, type AdminCall } from './endpoint';
export {
	listUsers,
	listUsersWithWarnings,
	listSessions,
	revokeSessions,
	sessionQuerySchema,
	createUser,
	updateUser,
	resetPassword,
	userPatchSchema,
	passwordResetSchema,
	type UserPatch
} from './admin-users';
export { listUnits, setUnitActive, unitActivationSchema, type ActiveUnitsTable, type ProvinceUnits, type UnitState } from './active-units';
export { listAudit, parseAuditQuery, verifyAudit, auditQuerySchema, type AuditFeedEntry, type AuditPage } from './audit-feed';
export { appendAdminAudit, type AdminAuditAction } from './admin-audit';
