/**
 * The app's endpoints behind a real Node HTTP server, wired the way adapter-node wires the
 * built app: the request is turned into a Web Request by SvelteKit's own `getRequest` (with
 * BODY_SIZE_LIMIT), handed to hooks.server.ts's `handle` and the route's handler, and written
 * back with `setResponse`. Bytes arrive over a socket in chunks, as from a device.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequest, setResponse } from '@sveltejs/kit/node';
import { handle } from '../../../src/hooks.server';
import { cookiesOf } from './callers';
import type { Endpoint } from './routes';

export interface NodeServer {
	url: string;
	/** Bytes the server had read from the request's socket when it wrote each answer, in order. */
	readBeforeAnswer: number[];
	close(): Promise<void>;
}

function matcher(endpoint: Endpoint): RegExp {
	const pattern = endpoint.routeId.replace(/\[(?:\.\.\.)?\w+(?:=\w+)?\]/g, '([^/]+)');
	return new RegExp(`^${pattern}/?$`);
}

export async function serveEndpoints(endpoints: Endpoint[], bodySizeLimit: number): Promise<NodeServer> {
	const routes = endpoints.map((endpoint) => ({ endpoint, pattern: matcher(endpoint) }));
	const readBeforeAnswer: number[] = [];
	const notFound = () => new Response(JSON.stringify({ error: { code: 'not_found', message: 'No such endpoint' } }), { status: 404 });

	async function serve(req: IncomingMessage, res: ServerResponse) {
		const base = `http://${req.headers.host}`;
		const request = await getRequest({ request: req, base, bodySizeLimit });
		const url = new URL(request.url);
		const found = routes.find((r) => r.endpoint.method === request.method && r.pattern.test(url.pathname));
		let response: Response;
		if (!found) response = notFound();
		else {
			const values = found.pattern.exec(url.pathname)!.slice(1);
			const params = Object.fromEntries(found.endpoint.params.map((name, i) => [name, decodeURIComponent(values[i]!)]));
			const event = {
				request,
				url,
				params,
				route: { id: found.endpoint.routeId },
				locals: {},
				cookies: cookiesOf(request),
				getClientAddress: () => req.socket.remoteAddress ?? '127.0.0.1',
				setHeaders: () => {},
				isDataRequest: false,
				isSubRequest: false,
				platform: { req }
			};
			response = await handle({ event: event as never, resolve: (e) => found.endpoint.handler(e as never) });
		}
		readBeforeAnswer.push(req.socket.bytesRead);
		await setResponse(res, response);
	}

	const server: Server = createServer((req, res) => {
		serve(req, res).catch((error: unknown) => {
			console.error('[node-server]', error);
			res.statusCode = 500;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		readBeforeAnswer,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
