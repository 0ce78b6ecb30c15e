/**
 * A loopback HTTP proxy that stands between the simulated devices and the real server and
 * loses traffic on purpose, the way a bad mobile connection does:
 *
 * - drop the request: the device's socket is destroyed before anything reaches the server;
 * - drop the response: the request is forwarded, the server's whole answer is awaited (so the
 *   server has committed whatever it was going to commit), then the device's socket is
 *   destroyed — the server did the work and the device never learns it (the duplicate-record
 *   case from the field);
 * - pass: forwarded both ways unchanged.
 *
 * When the server itself is down (killed, restarting) the proxy answers 502, as a real reverse
 * proxy would. Decisions come from a seeded random source; every kind is counted.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SeededRandom } from './seeded-random';

export interface ChaosProxyOptions {
	/** The real server; must be on this machine. */
	targetHost: string;
	targetPort: number;
	random: SeededRandom;
	/** Probability that a request is dropped before it is forwarded. */
	dropRequestRate: number;
	/** Probability that a response is dropped after the server has answered in full. */
	dropResponseRate: number;
}

export interface ChaosProxyCounts {
	requests: number;
	passed: number;
	droppedRequests: number;
	droppedResponses: number;
	/** The server was down or restarting (connection refused): answered 502. */
	serverDown: number;
	/** The server died with this request in its hands (connection reset): answered 502. */
	cutOffByKill: number;
	/** Answers of 500 or more from the server itself (not this proxy's 502s). */
	serverErrors: number;
	/** Of those, 503s with a Retry-After: the server is up and its database is not. */
	unavailable: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Per-hop headers: this proxy buffers bodies and sets its own framing. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection', 'upgrade'];

export class ChaosProxy {
	readonly counts: ChaosProxyCounts = {
		requests: 0,
		passed: 0,
		droppedRequests: 0,
		droppedResponses: 0,
		serverDown: 0,
		cutOffByKill: 0,
		serverErrors: 0,
		unavailable: 0
	};
	#server: Server | null = null;
	// No keep-alive upstream: a pooled socket to a server that was just SIGKILLed would turn the
	// next request into a confusing reset instead of a clean "connection refused".
	readonly #agent = new Agent({ keepAlive: false });

	constructor(private readonly options: ChaosProxyOptions) {
		if (!LOOPBACK_HOSTS.has(options.targetHost)) {
			throw new Error(`chaos proxy only forwards to loopback, not ${options.targetHost}`);
		}
	}

	/** Listens on a free loopback port; returns the proxy's base URL. */
	async start(): Promise<string> {
		const server = createServer((req, res) => this.#handle(req, res));
		// A dropped client socket is the point of this proxy, not an error worth crashing for.
		server.on('clientError', (_error, socket) => socket.destroy());
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		this.#server = server;
		return this.url;
	}

	get url(): string {
		const address = this.#server?.address() as AddressInfo | null | undefined;
		if (!address) throw new Error('chaos proxy is not running');
		return `http://127.0.0.1:${address.port}`;
	}

	async stop(): Promise<void> {
		const server = this.#server;
		this.#server = null;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		this.#agent.destroy();
	}

	#handle(req: IncomingMessage, res: ServerResponse) {
		this.counts.requests++;
		// Writing to a socket the device already gave up on must not take the proxy down.
		res.on('error', () => {});
		req.on('error', () => {});

		const roll = this.options.random.next();
		if (roll < this.options.dropRequestRate) {
			this.counts.droppedRequests++;
			req.socket.destroy();
			return;
		}
		const dropResponse = roll < this.options.dropRequestRate + this.options.dropResponseRate;

		const upstream = httpRequest({
			host: this.options.targetHost,
			port: this.options.targetPort,
			method: req.method,
			path: req.url,
			headers: { ...req.headers, host: `${this.options.targetHost}:${this.options.targetPort}` },
			agent: this.#agent
		});
		// The request and its response stream can both report one failure; count and answer it once.
		let failed = false;
		const fail = (kind: 'serverDown' | 'cutOffByKill') => {
			if (failed) return;
			failed = true;
			this.counts[kind]++;
			if (res.headersSent) {
				res.destroy();
				return;
			}
			res.writeHead(502, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'server unreachable' } }));
		};
		// A device that gave up mid-upload (its "crash") leaves a half request: pass that on as a
		// cut connection instead of leaving the server waiting for the rest of the body.
		req.on('close', () => {
			if (req.complete) return;
			failed = true;
			upstream.destroy();
		});
		upstream.on('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ECONNREFUSED' ? 'serverDown' : 'cutOffByKill'));
		upstream.on('response', (answer) => {
			const chunks: Buffer[] = [];
			answer.on('data', (chunk: Buffer) => chunks.push(chunk));
			answer.on('error', () => fail('cutOffByKill'));
			answer.on('end', () => {
				if (failed) return;
				if ((answer.statusCode ?? 0) >= 500) this.counts.serverErrors++;
				if (answer.statusCode === 503 && answer.headers['retry-after']) this.counts.unavailable++;
				if (dropResponse) {
					this.counts.droppedResponses++;
					req.socket.destroy();
					return;
				}
				this.counts.passed++;
				const body = Buffer.concat(chunks);
				const headers = { ...answer.headers };
				for (const name of HOP_BY_HOP) delete headers[name];
				// HEAD answers describe a body they do not carry; keep the server's length then.
				const length = req.method === 'HEAD' ? answer.headers['content-length'] : String(body.byteLength);
				if (length !== undefined) headers['content-length'] = length;
				res.writeHead(answer.statusCode ?? 502, headers);
				res.end(body);
			});
		});
		req.pipe(upstream);
	}
}
