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
	headers?: Record<string, string>;
}

/** The handler's Response itself, for what `callRoute` leaves out (headers, 304). */
export async function routeResponse(handler: Handler, { as, method, path, params = {}, json, headers = {} }: RouteCall): Promise<Response> {
	const init: RequestInit = { method: method ?? (json === undefined ? 'GET' : 'POST'), headers };
	if (json !== undefined) {
		init.headers = { ...headers, 'content-type': 'application/json' };
		init.body = JSON.stringify(json);
	}
	const { event } = requestEvent(new Request(`http://localhost${path}`, init));
	return handler({ ...event, params, locals: as ? { actor: as } : {} } as never);
}

export async function callRoute(handler: Handler, call: RouteCall) {
	const response = await routeResponse(handler, call);
	// Typed loosely on purpose: tests read the answer's fields freely.
	const body: Awaited<ReturnType<Response['json']>> = await response.json();
	return { status: response.status, body };
}
