/**
 * A browser for auth tests: builds the RequestEvent parts the handlers use (request, url,
 * cookies, getClientAddress) the way SvelteKit fills them, keeps a cookie jar across calls,
 * and records each cookie a handler wrote together with its attributes (HttpOnly, Secure…).
 */
import type { Cookies } from '@sveltejs/kit';

type CookieOptions = Parameters<Cookies['set']>[2];

export interface CookieWrite {
	name: string;
	/** '' for a deletion. */
	value: string;
	options: CookieOptions;
	deleted: boolean;
}

function parseCookieHeader(header: string | null): Map<string, string> {
	const jar = new Map<string, string>();
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0) jar.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
	}
	return jar;
}

/** SvelteKit's `cookies` for one request: reads its Cookie header, records writes. */
export function cookiesFor(request: Request): { cookies: Cookies; writes: CookieWrite[] } {
	const current = parseCookieHeader(request.headers.get('cookie'));
	const writes: CookieWrite[] = [];
	const cookies: Cookies = {
		get: (name) => current.get(name),
		getAll: () => [...current].map(([name, value]) => ({ name, value })),
		set: (name, value, options) => {
			current.set(name, value);
			writes.push({ name, value, options, deleted: false });
		},
		delete: (name, options) => {
			current.delete(name);
			writes.push({ name, value: '', options, deleted: true });
		},
		serialize: (name, value) => `${name}=${value}`
	};
	return { cookies, writes };
}

export function requestEvent(request: Request, address = '203.0.113.7') {
	const { cookies, writes } = cookiesFor(request);
	const event = { request, url: new URL(request.url), params: {}, locals: {}, cookies, getClientAddress: () => address };
	return { event, writes };
}

type Handler = (event: never) => Response | Promise<Response>;

export class TestBrowser {
	readonly jar = new Map<string, string>();
	/** Cookie writes of the last call. */
	writes: CookieWrite[] = [];

	constructor(
		readonly origin = 'http://localhost',
		readonly address = '203.0.113.7'
	) {}

	async send(handler: Handler, path: string, init: { method?: string; json?: unknown; body?: string } = {}): Promise<Response> {
		const headers = new Headers();
		if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '));
		let body = init.body;
		if (init.json !== undefined) {
			headers.set('content-type', 'application/json');
			body = JSON.stringify(init.json);
		}
		const request = new Request(`${this.origin}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
		const { event, writes } = requestEvent(request, this.address);
		const response = await handler(event as never);
		this.writes = writes;
		for (const write of writes) {
			if (write.deleted) this.jar.delete(write.name);
			else this.jar.set(write.name, write.value);
		}
		return response;
	}

	post(handler: Handler, path: string, json?: unknown): Promise<Response> {
		return this.send(handler, path, json === undefined ? { method: 'POST' } : { json });
	}
}
