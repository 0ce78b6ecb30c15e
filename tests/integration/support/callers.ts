/**
 * Real accounts of every role, and requests made as them. An endpoint test calls the route
 * handler the way SvelteKit would after hooks.server.ts ran: `locals.actor` holds the signed-in
 * user, and the request carries a live session cookie for routes that read it themselves.
 */
import { randomUUID } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Role } from '$lib/domain/permissions';
import { createSession, hashPassword, SESSION_COOKIE, users, type SignedInUser } from '$lib/server/auth';
import type { Database } from '$lib/server/db';

export const callerPassword = 'mat-khau-kiem-thu-1';
let sharedHash: Promise<string> | null = null;

export interface Caller {
	/** What the test reports: 'supervisor of 1'. */
	label: string;
	user: SignedInUser;
	password: string;
}

/** A new active account; all share one password hash, so making many costs one Argon2 run. */
export async function createCaller(
	db: Kysely<Database>,
	role: Role,
	placement: { provinceCode: number | null; unitCode?: number | null },
	label = `${role} of ${placement.provinceCode ?? 'the country'}`
): Promise<Caller> {
	sharedHash ??= hashPassword(callerPassword);
	const username = `${role}.${randomUUID().slice(0, 12)}`;
	const input = {
		username,
		displayName: `Kiểm thử ${label}`,
		role,
		provinceCode: placement.provinceCode,
		unitCode: placement.unitCode ?? null,
		password: callerPassword
	};
	const created = await users.create(db, input, null, { passwordHash: await sharedHash });
	const user: SignedInUser = {
		userId: created.id,
		role: created.role,
		provinceCode: created.provinceCode,
		unitCode: created.unitCode,
		username: created.username,
		displayName: created.displayName,
		mustChangePassword: false
	};
	return { label, user, password: callerPassword };
}

/**
 * SvelteKit's `cookies` for one request, parsed as SvelteKit does (the `cookie` package): a value
 * that is not valid percent-encoding is kept as it is rather than thrown on.
 */
export function cookiesOf(request: Request): Cookies {
	const jar = new Map<string, string>();
	for (const part of (request.headers.get('cookie') ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const name = part.slice(0, eq).trim();
		const raw = part.slice(eq + 1).trim();
		if (jar.has(name)) continue; // the first one wins, as in the `cookie` package
		let value = raw;
		try {
			value = decodeURIComponent(raw);
		} catch {
			// keep the raw value
		}
		jar.set(name, value);
	}
	return {
		get: (name) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name, value) => void jar.set(name, value),
		delete: (name) => void jar.delete(name),
		serialize: (name, value) => `${name}=${value}`
	};
}

export interface RouteRequest {
	method: string;
	path: string;
	params?: Record<string, string>;
	body?: BodyInit | null;
	headers?: Record<string, string>;
}

/**
 * The RequestEvent a handler gets for `request` from `caller` (null: signed out), with a fresh
 * session cookie unless `withSession` is false — so a handler that signs out or changes a
 * password ends only that one session.
 */
export async function routeEvent(db: Kysely<Database>, routeId: string, request: RouteRequest, caller: Caller | null, withSession = true) {
	const headers = new Headers(request.headers);
	if (caller && withSession) {
		const { token } = await createSession(db, caller.user.userId);
		headers.set('cookie', `${SESSION_COOKIE}=${token}`);
	}
	const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers };
	if (request.body !== undefined && request.body !== null) {
		init.body = request.body;
		init.duplex = 'half';
	}
	const req = new Request(`http://localhost${request.path}`, init);
	const cookies = cookiesOf(req);
	return {
		request: req,
		url: new URL(req.url),
		params: request.params ?? {},
		route: { id: routeId },
		locals: caller ? { actor: caller.user } : {},
		cookies,
		getClientAddress: () => '198.51.100.20',
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		platform: undefined
	};
}
