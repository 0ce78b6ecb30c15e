/**
 * Route handlers enforce the endpoint rules of lib/domain/permissions.ts (`apiRules`) through
 * these two calls: `authorize` before the body is read (who may call this at all), and
 * `authorizeProvince` once the request has named a province (planning in another province).
 * The same table tells the UI what to offer and the authorization test what to expect.
 */
import { apiRules, canCallApi, type ApiRoute } from '$lib/domain/permissions';
import { Refusal } from './http';
import type { Actor } from './sync/actor';

/** Throws the rule's refusal as the HTTP error it names (401 or 403). */
function enforce(decision: ReturnType<typeof canCallApi>): void {
	if (!decision.ok) throw new Refusal(decision.status, decision.code, decision.reason);
}

/**
 * The signed-in actor of a request to `route`, or a 401/403 Refusal. For routes open to anyone
 * this still demands a sign-in: those routes simply do not call it.
 */
export function authorize(locals: object, route: ApiRoute): Actor {
	const actor = (locals as { actor?: Actor }).actor ?? null;
	enforce(canCallApi(actor, apiRules[route]));
	if (!actor) throw new Refusal(401, 'not_signed_in', 'Sign in first');
	return actor;
}

/** Refuses (403) a request to a province-scoped `route` that names a province not the actor's. */
export function authorizeProvince(actor: Actor, route: ApiRoute, provinceCode: number): void {
	enforce(canCallApi(actor, apiRules[route], { provinceCode }));
}
