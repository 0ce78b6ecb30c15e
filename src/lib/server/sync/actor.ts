/**
 * Who is asking. Every sync decision (may this user change that inspection, which rows may
 * they pull) is made against an Actor — the signed-in user hooks.server.ts found from the
 * session cookie — never against ids the client sends about itself.
 */
import { Refusal } from '../http';
import type { Role } from '$lib/domain/permissions';

export type { Role };

export interface Actor {
	userId: string;
	role: Role;
	/** The province the account works in; null only for a national admin. */
	provinceCode: number | null;
	/** The commune-level unit a ward user belongs to; null otherwise. */
	unitCode: number | null;
}

/** The signed-in actor of a request; a request without one is refused with 401. */
export function actorFrom(locals: object): Actor {
	const actor = (locals as { actor?: Actor }).actor;
	if (!actor) throw new Refusal(401, 'not_signed_in', 'Sign in to sync');
	return actor;
}
