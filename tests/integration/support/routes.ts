/**
 * Every endpoint the server has, found the way SvelteKit finds them: each `+server.ts` under
 * src/routes, and each HTTP method it exports. The authorization and fuzz tests are generated
 * from this list, so a new endpoint is covered (and, without a rule, fails) without editing them.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { httpMethods, type ApiKey, type HttpMethod } from '$lib/domain/permissions';

const routesDir = join(process.cwd(), 'src', 'routes');

export type RouteHandler = (event: never) => Response | Promise<Response>;

export interface Endpoint {
	/** 'PUT /api/blobs/[sha256]' — the key of `apiRules`. */
	key: ApiKey;
	/** The route id as SvelteKit writes it: '/api/blobs/[sha256]'. */
	routeId: string;
	method: HttpMethod;
	/** Path parameter names, in order: ['sha256']. */
	params: string[];
	handler: RouteHandler;
}

function serverFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return serverFiles(path);
		return entry.name === '+server.ts' ? [path] : [];
	});
}

/** Route id of a `+server.ts`: its folder under src/routes, '/'-separated. */
function routeIdOf(file: string): string {
	const folder = relative(routesDir, join(file, '..'));
	return `/${folder.split(sep).join('/')}`.replace(/\/$/, '') || '/';
}

/** All endpoints, sorted by key. Imports every `+server.ts` (as the server would). */
export async function discoverEndpoints(): Promise<Endpoint[]> {
	const endpoints: Endpoint[] = [];
	for (const file of serverFiles(routesDir)) {
		const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
		const routeId = routeIdOf(file);
		const params = [...routeId.matchAll(/\[(?:\.\.\.)?(\w+)(?:=\w+)?\]/g)].map((m) => m[1]!);
		for (const method of httpMethods) {
			const handler = module[method];
			if (typeof handler === 'function') {
				endpoints.push({ key: `${method} ${routeId}` as ApiKey, routeId, method, params, handler: handler as RouteHandler });
			}
		}
	}
	return endpoints.sort((a, b) => a.key.localeCompare(b.key));
}

/** A concrete path for a route id: each [param] replaced by the given (or a dummy) value. */
export function pathFor(routeId: string, params: Record<string, string>): string {
	return routeId.replace(/\[(?:\.\.\.)?(\w+)(?:=\w+)?\]/g, (_, name: string) => encodeURIComponent(params[name] ?? '0'));
}
