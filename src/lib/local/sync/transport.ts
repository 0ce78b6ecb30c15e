/**
 * HTTP transport for sync: push, pull and blob upload, with timeouts. Network failures and
 * 5xx become TransientSyncError (keep everything, retry later); a 4xx for the whole request
 * becomes RequestRefusedError (the client is wrong; nothing was applied).
 */
import {
	errorBodySchema,
	MAX_PULL_LIMIT,
	pullResponseSchema,
	pushResponseSchema,
	deviceTemplatesWireSchema,
	type Mutation,
	type PullResponse as PullResponseWire,
	type PushResponse as PushResponseWire
} from '$lib/domain/protocol';
import { RequestRefusedError, TransientSyncError } from './sync-errors';

export { RequestRefusedError, TransientSyncError };

export interface SyncTransport {
	push(clientId: string, mutations: Mutation[]): Promise<PushResponseWire>;
	pull(clientId: string, cursor: number): Promise<PullResponseWire>;
	hasBlob(sha256: string): Promise<boolean>;
	/** `inspectionId`: the record the bytes are for, sent as X-Inspection-Id for the server's per-record quota. */
	putBlob(sha256: string, bytes: ArrayBuffer, mime: string, onProgress?: (sent: number) => void, inspectionId?: string): Promise<void>;
	/**
	 * GET /api/templates: the template versions the device keeps offline, each unchecked (the
	 * device checks them one by one, template-cache.ts), with the server's tag of that answer;
	 * null when it is still `known` (the tag of the answer the device holds). Absent on
	 * transports that have no templates.
	 */
	templates?(known: string | null): Promise<TemplatesAnswer | null>;
}

export interface TemplatesAnswer {
	versions: unknown[];
	/** Questionnaire versions (issue 19), unchecked like `versions`; absent from older servers and test transports. */
	questionnaires?: unknown[];
	tag: string | null;
}

const OFFLINE = 'Cannot reach the server';

async function failureOf(res: Response): Promise<Error> {
	const body = errorBodySchema.safeParse(await res.json().catch(() => null));
	const message = body.success ? body.data.error.message : `HTTP ${res.status}`;
	const code = body.success ? body.data.error.code : 'http_' + res.status;
	if (res.status >= 500 || res.status === 408 || res.status === 429) {
		const retry = Number(res.headers.get('Retry-After'));
		return new TransientSyncError(message, Number.isFinite(retry) && retry > 0 ? retry * 1000 : null, code);
	}
	return new RequestRefusedError(res.status, code, message);
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

async function request(doFetch: Fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
	try {
		return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), credentials: 'same-origin' });
	} catch {
		throw new TransientSyncError(OFFLINE, null, 'offline');
	}
}

async function json<T>(res: Response, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): Promise<T> {
	if (!res.ok) throw await failureOf(res);
	const parsed = schema.safeParse(await res.json().catch(() => null));
	if (!parsed.success) throw new TransientSyncError('Unreadable response', null, 'bad_response');
	return parsed.data;
}

/** Blob upload through XHR: fetch cannot report upload progress. */
function putWithProgress(url: string, bytes: ArrayBuffer, headers: Record<string, string>, onProgress?: (sent: number) => void) {
	return new Promise<void>((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('PUT', url);
		for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
		xhr.timeout = 120_000;
		xhr.upload.onprogress = (e) => onProgress?.(e.loaded);
		xhr.onload = () => {
			if (xhr.status >= 200 && xhr.status < 300) return resolve();
			void failureOf(
				new Response(xhr.responseText || null, {
					status: xhr.status,
					headers: { 'Retry-After': xhr.getResponseHeader('Retry-After') ?? '' }
				})
			).then(reject);
		};
		xhr.onerror = xhr.ontimeout = xhr.onabort = () => reject(new TransientSyncError(OFFLINE, null, 'offline'));
		xhr.send(bytes);
	});
}

export interface HttpTransportOptions {
	/**
	 * Replaces the global fetch, e.g. outside a browser (the chaos test in node), where there is no
	 * cookie jar: a fetch that adds the session cookie. Blob uploads then go through it too.
	 */
	fetch?: Fetch;
}

export function httpTransport(base = '', options: HttpTransportOptions = {}): SyncTransport {
	const doFetch: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
	const useXhr = !options.fetch && typeof XMLHttpRequest !== 'undefined';
	return {
		async push(clientId, mutations) {
			const res = await request(
				doFetch,
				`${base}/api/sync/push`,
				{ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clientId, mutations }) },
				60_000
			);
			return json(res, pushResponseSchema);
		},
		async pull(clientId, cursor) {
			const q = new URLSearchParams({ cursor: String(cursor), clientId, limit: String(MAX_PULL_LIMIT) });
			return json(await request(doFetch, `${base}/api/sync/pull?${q}`, { method: 'GET' }, 60_000), pullResponseSchema);
		},
		async hasBlob(sha256) {
			const res = await request(doFetch, `${base}/api/blobs/${sha256}`, { method: 'HEAD' }, 20_000);
			if (res.status === 404) return false;
			if (res.ok) return true;
			throw await failureOf(res);
		},
		async putBlob(sha256, bytes, mime, onProgress, inspectionId) {
			const headers: Record<string, string> = { 'Content-Type': mime, ...(inspectionId ? { 'X-Inspection-Id': inspectionId } : {}) };
			if (useXhr) return putWithProgress(`${base}/api/blobs/${sha256}`, bytes, headers, onProgress);
			const res = await request(doFetch, `${base}/api/blobs/${sha256}`, { method: 'PUT', headers, body: bytes }, 120_000);
			if (!res.ok) throw await failureOf(res);
			onProgress?.(bytes.byteLength);
		},
		async templates(known) {
			const headers: Record<string, string> = known ? { 'If-None-Match': known } : {};
			const res = await request(doFetch, `${base}/api/templates`, { method: 'GET', headers }, 60_000);
			if (res.status === 304) return null;
			const tag = res.headers.get('ETag');
			const body = await json(res, deviceTemplatesWireSchema);
			return { versions: body.versions, questionnaires: body.questionnaires, tag };
		}
	};
}
