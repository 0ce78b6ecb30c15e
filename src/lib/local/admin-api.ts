/**
 * The admin screens' calls to /api/admin. Online only on purpose: account and commune changes
 * take effect on the server at once (a disabled account must stop working now), so they are
 * not queued in the outbox like inspection work. A refusal becomes an AdminApiError carrying
 * the server's code, its message (English, or the schema's validation code for
 * `invalid_request`) and the field at fault; no network becomes one too. The screens word it
 * with `errorText(code, message)`.
 */
import {
	errorBodySchema,
	type AccountList,
	type AccountSession,
	type AccountSummary,
	type AuditFeedEntry,
	type AuditPage,
	type ChainReport,
	type LocatedProblem,
	type ProvinceUnits,
	type StorageReport,
	type UnitState
} from '$lib/domain/protocol';
import type { Role } from '$lib/domain/permissions';
import type {
	BranchPatch,
	CentreUnit,
	ReceptionPoint,
	ReceptionPointCreate,
	ReceptionPointPatch,
	UnitDirectory
} from '$lib/domain/units-2025';
import { errorText } from '$lib/ui/errors';
import { attempt, messageFor } from '$lib/ui/notify.svelte';

export type AdminUser = AccountSummary;
export type AuditEntryView = AuditFeedEntry;
export type { AccountList, AccountSession, AuditPage, ChainReport, ProvinceUnits, StorageReport, UnitState };

export interface NewAccount {
	username: string;
	displayName: string;
	role: Role;
	provinceCode: number | null;
	unitCode: number | null;
	password: string;
}

export type AccountPatch = Partial<Pick<AdminUser, 'disabled' | 'role' | 'provinceCode' | 'unitCode' | 'displayName'>>;

export class AdminApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly field?: string,
		/** Every fault of a document checked whole (an imported template), when the server lists them. */
		readonly problems: LocatedProblem[] = []
	) {
		super(message);
		this.name = 'AdminApiError';
	}
}

const TIMEOUT_MS = 20_000;

/**
 * One admin request; the template screens' client (template-admin-api.ts) calls it too. A Blob
 * body (an uploaded file) is sent as it is, anything else as JSON.
 */
export async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
	let res: Response;
	const raw = body instanceof Blob;
	try {
		res = await fetch(url, {
			method,
			credentials: 'same-origin',
			headers: body === undefined || raw ? undefined : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
	} catch {
		throw new AdminApiError(0, 'admin_offline', 'Cannot reach the server');
	}
	const json: unknown = await res.json().catch(() => null);
	if (res.ok) return json as T;
	const refused = errorBodySchema.safeParse(json);
	if (!refused.success) throw new AdminApiError(res.status, `http_${res.status}`, `HTTP ${res.status}`);
	const { code, message, field, problems } = refused.data.error;
	throw new AdminApiError(res.status, code, message, field, problems);
}

export const adminApi = {
	listUsers: () => call<AccountList>('GET', '/api/admin/users'),
	storage: () => call<StorageReport>('GET', '/api/admin/storage'),
	createUser: (account: NewAccount) => call<{ user: AdminUser }>('POST', '/api/admin/users', account).then((r) => r.user),
	updateUser: (id: string, patch: AccountPatch) =>
		call<{ user: AdminUser }>('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, patch).then((r) => r.user),
	resetPassword: (id: string, password: string) =>
		call<{ ok: true }>('POST', `/api/admin/users/${encodeURIComponent(id)}/password`, { password }).then(() => undefined),
	listSessions: (id: string) =>
		call<{ sessions: AccountSession[] }>('GET', `/api/admin/users/${encodeURIComponent(id)}/sessions`).then((r) => r.sessions),
	/** Ends the session `sessionId` of the account, or all of its sessions when it is null. */
	revokeSessions: (id: string, sessionId: string | null) =>
		call<{ revoked: number }>(
			'DELETE',
			`/api/admin/users/${encodeURIComponent(id)}/sessions${sessionId === null ? '' : `?id=${sessionId}`}`
		).then((r) => r.revoked),
	listUnits: (provinceCode?: number | null) =>
		call<ProvinceUnits>('GET', provinceCode ? `/api/admin/units?province=${provinceCode}` : '/api/admin/units'),
	setUnitActive: (code: number, active: boolean) =>
		call<{ unit: UnitState }>('PUT', `/api/admin/units/${code}`, { active }).then((r) => r.unit),
	listAudit: (before: number | null, limit = 50) =>
		call<AuditPage>('GET', `/api/admin/audit?limit=${limit}${before === null ? '' : `&before=${before}`}`),
	verifyAudit: () => call<ChainReport>('GET', '/api/admin/audit/verify'),
	unitDirectory: (provinceCode: number) => call<UnitDirectory>('GET', `/api/units/directory?province=${provinceCode}`),
	createBranch: (provinceCode: number, name: string) =>
		call<{ unit: CentreUnit }>('POST', '/api/admin/branches', { provinceCode, name }).then((r) => r.unit),
	updateBranch: (code: number, patch: BranchPatch) =>
		call<{ unit: CentreUnit }>('PATCH', `/api/admin/branches/${code}`, patch).then((r) => r.unit),
	createReceptionPoint: (point: ReceptionPointCreate) =>
		call<{ receptionPoint: ReceptionPoint }>('POST', '/api/admin/reception-points', point).then((r) => r.receptionPoint),
	updateReceptionPoint: (id: string, patch: ReceptionPointPatch) =>
		call<{ receptionPoint: ReceptionPoint }>('PATCH', `/api/admin/reception-points/${encodeURIComponent(id)}`, patch).then(
			(r) => r.receptionPoint
		)
};

/**
 * Runs an admin action like `attempt` does: on failure logs it, shows the refusal in words
 * (errorText of its code, or of the validation code it carries) as a toast, and returns false.
 */
export function adminAttempt(action: () => Promise<unknown>): Promise<boolean> {
	return attempt(action, (err) => (err instanceof AdminApiError ? errorText(err.code, err.message) : messageFor(err)));
}
