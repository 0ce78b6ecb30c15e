/**
 * Calling a route handler the way hooks.server.ts hands it a request: `locals.actor` is whoever
 * is signed in (null: nobody), the body is JSON, the answer is read back as JSON.
 */
import { requestEvent } from './auth-browser';

export type Handler = (event: never) => Response | Promise<Response>;

export interface RouteCall {
	as: object | null;
	method?: string;
	path: string;
	params?: Record<string, string>;
	json?: unknown;
}

export async function callRoute(handler: Handler, { as, method, path, params = {}, json }: RouteCall) {
	const init: RequestInit = { method: method ?? (json === undefined ? 'GET' : 'POST') };
	if (json !== undefined) {
		init.headers = { 'content-type': 'application/json' };
		init.body = JSON.stringify(json);
	}
	const { event } = requestEvent(new Request(`http://localhost${path}`, init));
	const response = await handler({ ...event, params, locals: as ? { actor: as } : {} } as never);
	// Typed loosely on purpose: tests read the answer's fields freely.
	const body: Awaited<ReturnType<Response['json']>> = await response.json();
	return { status: response.status, body };
}
