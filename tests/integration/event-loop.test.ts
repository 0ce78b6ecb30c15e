/**
 * No accepted body blocks the event loop for more than 50 ms (issue 14). Every endpoint found
 * under src/routes gets the largest body its line in body-limits.ts allows — a valid one where
 * this file knows the endpoint (a full push of valid mutations, an 8 MiB photo that decodes, the
 * longest sign-in), else `{}` padded with spaces to the limit — over a real socket, through
 * SvelteKit's getRequest, hooks.server.ts and the handler (support/node-server.ts).
 *
 * The probe (support/loop-probe.ts: a 1 ms timer and the main thread's scheduler statistics)
 * runs only while one request is in flight, so what it sees is what handling that request cost
 * the loop (and the test client in the same process, which only writes prepared bytes). CI runs
 * on two shared cores, where the scheduler alone stalls a process for tens of milliseconds now
 * and then, and on a shared disk: each endpoint is measured REPEATS times, and the median of the
 * per-request maxima is held to 50 ms — a handler that blocks does so every time. Held: the time
 * the loop spent running (the request's code and garbage collection) on both databases, and on
 * PostgreSQL also the time it spent blocked in system calls. On SQLite that second number is not
 * held: a commit's flush waits off the loop (db/wal-sync.ts), but better-sqlite3 writes the log,
 * and at a checkpoint syncs it and the database, on the loop's own thread, as long as the disk
 * takes — 10–15 ms for the largest push on a fast disk, up to 150 ms on CI's shared one. It is
 * printed, with the wall time and an idle baseline, for every request.
 */
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { apiRules, type ApiRule, type Role } from '$lib/domain/permissions';
import { bodyLimitOf, MAX_PUSH_BYTES, MAX_BLOB_BODY_BYTES, MIB } from '$lib/domain/protocol/body-limits';
import { createSession, SESSION_COOKIE } from '$lib/server/auth';
import { getDatabase, type Database } from '$lib/server/db';
import { applyPush } from '$lib/server/sync';
import { createCaller, type Caller } from './support/callers';
import { answerArgs, inspectionArgs, sha256Of } from './support/factories';
import { probeLoopDuring, type LoopDelay } from './support/loop-probe';
import { serveEndpoints, type NodeServer } from './support/node-server';
import { discoverEndpoints, pathFor, type Endpoint } from './support/routes';
import { TestClient, useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const endpoints = await discoverEndpoints();
const REPEATS = 5;
const BOUND_MS = 50;
/** adapter-node's limit as scripts/start.js sets it. */
const BODY_SIZE_LIMIT = 9 * MIB;

interface Sent {
	status: number;
	text: string;
}

function send(server: NodeServer, method: string, path: string, body: Uint8Array | null, headers: Record<string, string>): Promise<Sent> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${server.url}${path}`, { method, headers: { ...headers, 'content-length': String(body?.byteLength ?? 0) } });
		req.on('error', reject);
		req.on('response', (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
		});
		req.end(body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : undefined);
	});
}

/** JSON text padded with spaces (still the same JSON) to exactly `bytes`. */
function paddedTo(value: unknown, bytes: number): Uint8Array {
	const text = Buffer.from(JSON.stringify(value));
	if (text.byteLength > bytes) throw new Error(`sample of ${text.byteLength} bytes is over the ${bytes}-byte limit`);
	const out = Buffer.alloc(bytes, 0x20);
	text.copy(out);
	return out;
}

/** A string of `n` characters written as \uXXXX escapes: 6 bytes of JSON each. */
const escaped = (n: number) => 'ộ'.repeat(n);
const asEscapedJson = (value: unknown) =>
	JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A JPEG of random pixels just under `max` bytes: as large a photo as the server takes, and a real one. */
async function largestJpeg(max: number): Promise<Uint8Array> {
	for (let side = 1700; ; side -= 10) {
		const jpeg = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
			.jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
			.toBuffer();
		if (jpeg.byteLength <= max) return new Uint8Array(jpeg);
	}
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

describe.each(testDatabases)('event-loop delay while the largest bodies arrive, on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	useServerDatabase(ctx, kind);
	let db: Kysely<Database>;
	let server: NodeServer;
	let photo: Uint8Array;
	const who: Partial<Record<Role, Caller>> = {};
	const cookies = new Map<string, string>();
	const draft = inspectionArgs();
	let otherUserId = '';

	beforeAll(async () => {
		if (kind.skipReason) return;
		db = (await getDatabase()).db;
		who.admin = await createCaller(db, 'admin', { provinceCode: 1 });
		who.supervisor = await createCaller(db, 'supervisor', { provinceCode: 1 });
		who.inspector = await createCaller(db, 'inspector', { provinceCode: 1 });
		who.ward = await createCaller(db, 'ward', { provinceCode: 1, unitCode: 70 });
		otherUserId = (await createCaller(db, 'inspector', { provinceCode: 1 })).user.userId;
		const client = new TestClient(who.inspector.user);
		const created = await applyPush(db, client.actor, {
			clientId: client.clientId,
			mutations: [client.mutation('createInspection', draft)]
		});
		expect(created.results[0]?.status).toBe('applied');
		photo = await largestJpeg(MAX_BLOB_BODY_BYTES);
		server = await serveEndpoints(endpoints, BODY_SIZE_LIMIT);
	});
	afterAll(async () => {
		await server?.close();
	});

	const cookieOf = async (caller: Caller) => {
		let token = cookies.get(caller.user.userId);
		if (!token) cookies.set(caller.user.userId, (token = (await createSession(db, caller.user.userId)).token));
		return `${SESSION_COOKIE}=${token}`;
	};

	/** Who calls the endpoint: someone its rule lets in (so the body is read), or no one for 'anyone'. */
	function callerFor(rule: ApiRule): Caller | null {
		if (rule.access === 'anyone') return null;
		if (rule.access === 'signed-in') return who.inspector!;
		return who[rule.access.includes('admin') ? 'admin' : rule.access[0]!]!;
	}

	/**
	 * A full push: MAX_MUTATIONS_PER_PUSH valid answers, each with the longest note (5,000
	 * characters, 3 bytes each in UTF-8), padded to the limit.
	 */
	function fullPush(): Uint8Array {
		const client = new TestClient(who.inspector!.user);
		const note = `Hồ sơ niêm yết chưa đầy đủ: ${'ộ'.repeat(5000)}`.slice(0, 5000);
		const mutations = Array.from({ length: 500 }, () => client.mutation('answerItem', answerArgs(draft.id, 'A1', undefined, { note })));
		return paddedTo({ clientId: client.clientId, mutations }, MAX_PUSH_BYTES);
	}

	/**
	 * The largest request for `endpoint` and the statuses that mean it was accepted. `fresh`
	 * callers for calls that change the caller (a password).
	 */
	async function largest(
		endpoint: Endpoint
	): Promise<{ path: string; body: Uint8Array | null; caller: Caller | null; accepted: number[] }> {
		const limit = bodyLimitOf(endpoint.key);
		const caller = callerFor((apiRules as Record<string, ApiRule>)[endpoint.key]!);
		const params = Object.fromEntries(endpoint.params.map((p) => [p, '0']));
		const at = (values: Record<string, string> = params) => pathFor(endpoint.routeId, values);
		const json = (value: unknown) => paddedTo(JSON.parse(asEscapedJson(value)), limit);
		switch (endpoint.key) {
			case 'POST /api/sync/push':
				return { path: at(), body: fullPush(), caller, accepted: [200] };
			case 'PUT /api/blobs/[sha256]': {
				// Unique bytes each time (a stored photo would be answered without decoding it again).
				photo[photo.length - 3] = (photo[photo.length - 3]! + 1) % 256;
				return { path: at({ sha256: sha256Of(photo) }), body: photo, caller, accepted: [201] };
			}
			case 'POST /api/auth/login': {
				const user = await createCaller(db, 'inspector', { provinceCode: 1 });
				// The password as \u escapes: the most bytes a sign-in may hold.
				const body = Buffer.from(asEscapedJson({ username: user.user.username, password: user.password }));
				return { path: at(), body: paddedTo(JSON.parse(body.toString()), limit), caller: null, accepted: [200] };
			}
			case 'POST /api/auth/password': {
				const fresh = await createCaller(db, 'inspector', { provinceCode: 1 });
				return {
					path: at(),
					body: json({ currentPassword: fresh.password, newPassword: `${escaped(150)}-Moi-2025` }),
					caller: fresh,
					accepted: [200]
				};
			}
			case 'POST /api/plans/inspections':
				return {
					path: at(),
					body: json({
						id: uuidv7(),
						unit: { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
						windowStart: '2025-12-01',
						windowEnd: '2025-12-05',
						assignedInspectorIds: [who.inspector!.user.userId],
						basis: escaped(200)
					}),
					caller,
					accepted: [201]
				};
			case 'POST /api/admin/users':
				return {
					path: at(),
					body: json({
						username: `can.bo.${uuidv7().slice(-12)}`,
						displayName: escaped(120),
						role: 'inspector',
						provinceCode: 1,
						unitCode: null,
						password: `${escaped(150)}-Kiem-Tra-2025`
					}),
					caller,
					accepted: [201]
				};
			case 'PATCH /api/admin/users/[id]':
				return { path: at({ id: otherUserId }), body: json({ displayName: escaped(120) }), caller, accepted: [200] };
			case 'POST /api/admin/users/[id]/password':
				return { path: at({ id: otherUserId }), body: json({ password: `${escaped(190)}-Kt-2025` }), caller, accepted: [200] };
			case 'PUT /api/admin/units/[code]':
				return { path: at({ code: '70' }), body: json({ active: true }), caller, accepted: [200] };
			default:
				// Any other endpoint (a new one included): `{}` at its limit, or no body where it takes none.
				return { path: at(), body: limit === 0 ? null : paddedTo({}, limit), caller, accepted: [] };
		}
	}

	it(`holds every endpoint's largest accepted body to ${BOUND_MS} ms of event-loop delay (median of ${REPEATS})`, async () => {
		const idle = await probeLoopDuring(() => new Promise((resolve) => setTimeout(resolve, 500)));
		const ms = (values: number[]) => values.map((v) => v.toFixed(0)).join(' ');
		const held: (keyof LoopDelay)[] = kind.name === 'postgres' ? ['cpuMs', 'ownMs'] : ['cpuMs'];
		const lines: string[] = [];
		const over: string[] = [];
		for (const endpoint of endpoints) {
			const delays: LoopDelay[] = [];
			let bytes = 0;
			for (let i = 0; i < REPEATS; i++) {
				const { path, body, caller, accepted } = await largest(endpoint);
				bytes = body?.byteLength ?? 0;
				const type = endpoint.key.startsWith('PUT /api/blobs') ? 'image/jpeg' : 'application/json';
				const headers: Record<string, string> = { 'content-type': type };
				if (caller) headers.cookie = await cookieOf(caller);
				const { delay, result: sent } = await probeLoopDuring(() => send(server, endpoint.method, path, body, headers));
				delays.push(delay);
				expect(sent.status, `${endpoint.key}: ${sent.text.slice(0, 300)}`).toBeLessThan(500);
				if (accepted.length > 0)
					expect(accepted, `${endpoint.key} must accept its largest body: ${sent.text.slice(0, 300)}`).toContain(sent.status);
			}
			const of = (measure: keyof LoopDelay) => delays.map((d) => d[measure]);
			lines.push(
				`  ${endpoint.key.padEnd(40)} ${String(bytes).padStart(8)} B  cpu: median ${percentile(of('cpuMs'), 50).toFixed(1)} [${ms(of('cpuMs'))}]  own: median ${percentile(of('ownMs'), 50).toFixed(1)} [${ms(of('ownMs'))}]  wall: [${ms(of('wallMs'))}]`
			);
			for (const measure of held) {
				const median = percentile(of(measure), 50);
				if (median > BOUND_MS) over.push(`${endpoint.key}: ${measure} median ${median.toFixed(1)} ms`);
			}
		}
		const { cpuMs, ownMs, wallMs } = idle.delay;
		console.log(
			[
				`[event-loop] ${kind.name}: largest delay (ms) of a 1 ms timer during each request, as the time the loop ran (cpu), that plus blocking system calls (own), and as seen (wall); held to ${BOUND_MS} ms: ${held.join(', ')}. Idle 500 ms: cpu ${cpuMs.toFixed(1)}, own ${ownMs.toFixed(1)}, wall ${wallMs.toFixed(1)}`,
				...lines
			].join('\n')
		);
		expect(over).toEqual([]);
	});
});
