/**
 * Who may use the admin API. Every admin handler starts with `requireAdmin(locals, route)`,
 * which enforces the route's line in `apiRules` (lib/domain/permissions.ts) through
 * `authorize`; layouts do not guard `+server.ts`, and the client's page rules only hide screens.
 *
 * The tenant boundary is a province: an admin bound to one (provinceCode set) manages only
 * accounts and communes of that province; a national admin (provinceCode null) manages all.
 * National accounts (province null) are the national admins' alone.
 */
import type { ApiRoute } from '$lib/domain/permissions';
import { authorize } from '../authorize';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';

export type AdminActor = Actor & { role: 'admin' };

/** The signed-in admin of a request to `route`: 401 when nobody is signed in, 403 for other roles. */
export function requireAdmin(locals: object, route: ApiRoute & `${string} /api/admin/${string}`): AdminActor {
	const actor = authorize(locals, route);
	// The rules say admin only; the admin logic relies on it, so a wider rule must not slip through.
	if (actor.role !== 'admin') throw new Refusal(403, 'forbidden', 'Only administrators may do this');
	return actor as AdminActor;
}

/** Whether `admin` manages things of `provinceCode` (null: national accounts). */
export function managesProvince(admin: AdminActor, provinceCode: number | null): boolean {
	return admin.provinceCode === null || admin.provinceCode === provinceCode;
}

/** Refuses with 403 when `provinceCode` is outside the admin's province. */
export function assertManagesProvince(admin: AdminActor, provinceCode: number | null, field?: string): void {
	if (managesProvince(admin, provinceCode)) return;
	throw new Refusal(403, 'outside_own_province', 'This administrator manages only their own province', field);
}
