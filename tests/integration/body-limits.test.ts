/**
 * Every endpoint's body limit (lib/domain/protocol/body-limits.ts), over a real socket through
 * SvelteKit's getRequest and hooks.server.ts (support/node-server.ts): a declared length one
 * byte past the limit is answered 413 while the body has not been sent at all — so it was not
 * read; a body without a length is answered 413 as soon as it passes the limit, the server having
 * read little past it while the client is still sending; an endpoint that takes no body refuses
 * one unread. Generated from the route tree, so a new endpoint is checked too, and one that takes
 * a body without a line in the table fails here.
 */
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitOf, bodyLimits, lacksBodyLimit, MAX_BLOB_BODY_BYTES } from '$lib/domain/protocol/body-limits';
import { createSession, SESSION_COOKIE } from '$lib/server/auth';
import { MAX_BLOB_BYTES } from '$lib/server/blobs';
import { getDatabase, type Database } from '$lib/server/db';
import { createCaller } from './support/callers';
import { serveEndpoints, type NodeServer } from './support/node-server';
import { discoverEndpoints, pathFor } from './support/routes';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const endpoints = await discoverEndpoints();

/** adapter-node's BODY_SIZE_LIMIT as `npm start` sets it (scripts/start.js). */
function startScriptBodyLimit(): number {
	const script = readFileSync('scripts/start.js', 'utf8');
	const expression = /BODY_SIZE_LIMIT \?\?= String\(([\d\s*]+)\)/.exec(script)?.[1];
	if (!expression) throw new Error('scripts/start.js no longer sets BODY_SIZE_LIMIT as String(<a * b * c>)');
	return expression.split('*').reduce((n, factor) => n * Number(factor), 1);
}

describe('the body-limit table', () => {
	it('has a line for every endpoint that takes a body, and names only endpoints that exist', () => {
		const missing = endpoints.map((e) => e.key).filter(lacksBodyLimit);
		expect(missing, 'add a line for each to bodyLimits in src/lib/domain/protocol/body-limits.ts').toEqual([]);
		const found = new Set<string>(endpoints.map((e) => e.key));
		expect(Object.keys(bodyLimits).filter((key) => !found.has(key))).toEqual([]);
	});

	it('agrees with the blob store and with adapter-node’s BODY_SIZE_LIMIT in scripts/start.js', () => {
		expect(MAX_BLOB_BODY_BYTES).toBe(MAX_BLOB_BYTES);
		const largest = Math.max(...endpoints.map((e) => bodyLimitOf(e.key)));
		expect(startScriptBodyLimit()).toBeGreaterThanOrEqual(largest);
	});
});

interface RawAnswer {
	status: number;
	body: string;
	/** Body bytes the client had written when the answer's head arrived. */
	sentBeforeAnswer: number;
}

/**
 * Sends a request head over a raw socket, then, if `chunked`, body chunks until the server
 * answers; with `declared`, no body byte at all. Resolves with the answer.
 */
function rawRequest(server: NodeServer, head: string, chunked: boolean): Promise<RawAnswer> {
	const { port } = new URL(server.url);
	return new Promise((resolve, reject) => {
		const socket: Socket = connect(Number(port), '127.0.0.1');
		let received = '';
		let sent = 0;
		let sentBeforeAnswer = -1;
		let answered = false;
		const chunk = Buffer.alloc(4096, 0x20);
		const pump = () => {
			while (!answered && sent < 64 * 1024 * 1024) {
				const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
				sent += chunk.length;
				if (!socket.write(frame)) return void socket.once('drain', pump);
			}
		};
		socket.on('data', (data) => {
			if (!answered) sentBeforeAnswer = sent;
			answered = true;
			received += data.toString('utf8');
			const headEnd = received.indexOf('\r\n\r\n');
			const length = /content-length: (\d+)/i.exec(received)?.[1];
			const complete = head.startsWith('HEAD ') || (length !== undefined && received.length >= headEnd + 4 + Number(length));
			if (headEnd >= 0 && complete) {
				socket.destroy();
				resolve({ status: Number(received.slice(9, 12)), body: received.slice(headEnd + 4), sentBeforeAnswer });
			}
		});
		socket.on('error', (error) => (answered ? undefined : reject(error)));
		socket.write(head);
		if (chunked) pump();
	});
}

describe.each(testDatabases)('body limits over a socket on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	useServerDatabase(ctx, kind);
	let db: Kysely<Database>;
	let server: NodeServer;
	let adminCookie = '';

	beforeAll(async () => {
		if (kind.skipReason) return;
		db = (await getDatabase()).db;
		const admin = await createCaller(db, 'admin', { provinceCode: 1 });
		adminCookie = `${SESSION_COOKIE}=${(await createSession(db, admin.user.userId)).token}`;
		server = await serveEndpoints(endpoints, startScriptBodyLimit());
	});
	afterAll(async () => {
		await server?.close();
	});

	const headOf = (method: string, path: string, lines: string[]) =>
		[`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', 'content-type: application/json', 'connection: close', ...lines, '', ''].join('\r\n');
	const pathOf = (routeId: string, params: string[]) => pathFor(routeId, Object.fromEntries(params.map((p) => [p, '0'.repeat(64)])));
	const codeOf = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

	it('refuses a declared length one byte past each endpoint’s limit before a byte of the body is sent', async () => {
		const seen: string[] = [];
		const wanted: string[] = [];
		for (const endpoint of endpoints) {
			const limit = bodyLimitOf(endpoint.key);
			const head = headOf(endpoint.method, pathOf(endpoint.routeId, endpoint.params), [
				`content-length: ${limit + 1}`,
				`cookie: ${adminCookie}`
			]);
			const answer = await rawRequest(server, head, false);
			// A HEAD answer has no body by HTTP's rules: its status says it all.
			const code = endpoint.method === 'HEAD' ? '' : endpoint.key === 'PUT /api/blobs/[sha256]' ? 'blob_too_large' : 'body_too_large';
			seen.push(`${endpoint.key} (${limit} B): ${answer.status} ${answer.body ? codeOf(answer.body) : ''}`);
			wanted.push(`${endpoint.key} (${limit} B): 413 ${code}`);
		}
		expect(seen).toEqual(wanted);
	});

	it('stops a body without a length soon after it passes the limit, while the client is still sending', async () => {
		for (const key of ['POST /api/auth/login', 'POST /api/admin/users', 'POST /api/auth/logout', 'POST /api/plans/inspections'] as const) {
			const endpoint = endpoints.find((e) => e.key === key)!;
			const head = headOf(endpoint.method, endpoint.routeId, ['transfer-encoding: chunked', `cookie: ${adminCookie}`]);
			const answer = await rawRequest(server, head, true);
			expect([key, answer.status, codeOf(answer.body)]).toEqual([key, 413, 'body_too_large']);
			const read = server.readBeforeAnswer.at(-1)!;
			// The server read little past the limit (Node reads a socket 64 KiB at a time) ...
			expect(read, key).toBeLessThan(bodyLimitOf(key) + 1024 * 1024);
			// ... and answered while the client was still sending. What the client had written by then
			// also fills the kernel's socket buffers, whose size is the machine's (tcp_rmem may allow
			// 32 MiB on loopback), so only "before the end" is asserted of it.
			expect(answer.sentBeforeAnswer, key).toBeLessThan(64 * 1024 * 1024);
		}
	});
});
