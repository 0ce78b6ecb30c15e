/**
 * How many bytes of request body each endpoint accepts, in one table (docs/sync-protocol.md,
 * "Size limits"; docs/operations.md). hooks.server.ts refuses a request whose declared length
 * passes its endpoint's limit before anything else is done with it (no session lookup, no byte
 * read); readJsonBody refuses a body without a declared length as soon as its stream passes the
 * limit. Both answer 413 `body_too_large`.
 *
 * GET, HEAD and DELETE take no body (limit 0), nor does any endpoint listed here with 0: a body
 * sent to them is refused unread. Every POST, PUT and PATCH must have a line here; the fuzz test
 * enumerates the routes and fails for one that has none, and until it gets one it is held to
 * `UNLISTED_WRITE_BYTES`.
 *
 * Each limit is the largest request the endpoint's own schema allows, rounded up: a string of n
 * characters is at most 6n bytes of JSON (every character written as a \uXXXX escape).
 */
import type { ApiRoute, HttpMethod } from '../permissions';
import { MAX_MUTATIONS_PER_PUSH } from './wire';

export const KIB = 1024;
export const MIB = 1024 * KIB;

/**
 * The largest mutation a push is sized for: an answer or a finding draft with a 5,000-character
 * note or recommendation in Vietnamese (3 bytes a character in UTF-8) and its envelope. A
 * submission carrying many findings is larger, but then the push carries fewer mutations.
 */
export const MUTATION_BUDGET_BYTES = 16 * KIB;

/** A full push: every one of MAX_MUTATIONS_PER_PUSH mutations at its budget (7.8 MiB). */
export const MAX_PUSH_BYTES = MAX_MUTATIONS_PER_PUSH * MUTATION_BUDGET_BYTES;

/** One photo or signature, as the device compresses it (and as lib/server/blobs stores it). */
export const MAX_BLOB_BODY_BYTES = 8 * MIB;

/**
 * Sign-in and password bodies: a username (≤ 200 characters) and passwords (≤ 1,000 characters
 * at sign-in, ≤ 200 for a new one), so 6 × 1,200 bytes at worst. An unauthenticated caller can
 * make the server read no more than this.
 */
export const CREDENTIALS_BYTES = 8 * KIB;

/** An admin form: an account (username, name, password, role, place) or a commune switch. */
export const ADMIN_FORM_BYTES = 8 * KIB;

/** A planned visit: a commune (two 200-character names), a 200-character basis, ≤ 20 inspector ids. */
export const PLAN_BYTES = 16 * KIB;

/** A plan of visits: up to 2,000 unit codes (≤ 8 bytes each), a title, topic, decision (≤ 760 characters). */
export const PLAN_DOCUMENT_BYTES = 32 * KIB;

/** A draw's commitment: up to 50 hand picks, each with a 300-character reason (92 KB at 6 bytes a character). */
export const DRAW_COMMIT_BYTES = 128 * KIB;

/** A draw's execution: at most 20 inspector ids. */
export const DRAW_EXECUTE_BYTES = 8 * KIB;

/**
 * A checklist template as JSON (a draft saved from the admin screen, or an imported file): the
 * default template is under 100 KB; a province that doubles it in both languages stays far below.
 * Parsed whole (it is one object), so it stays under json-body's MAX_PIECE_CHARS.
 */
export const TEMPLATE_BYTES = 1 * MIB;

/** A template file to import, XLSX (zipped, so smaller than its JSON) or JSON. */
export const TEMPLATE_FILE_BYTES = 2 * MIB;

/**
 * A citizen's answer at a feedback point: ids, a few dozen scale and yes/no answers, facts, and
 * free text of at most 1,000 characters per question (6,000 bytes at worst) — four comments fit.
 */
export const FEEDBACK_ANSWER_BYTES = 32 * KIB;

/** A write endpoint that has no line below yet: small, so forgetting a line fails safe. */
export const UNLISTED_WRITE_BYTES = 8 * KIB;

export const bodyLimits = {
	'POST /api/auth/login': CREDENTIALS_BYTES,
	'POST /api/auth/password': CREDENTIALS_BYTES,
	/** Signing out reads nothing but the cookie. */
	'POST /api/auth/logout': 0,
	'POST /api/sync/push': MAX_PUSH_BYTES,
	'PUT /api/blobs/[sha256]': MAX_BLOB_BODY_BYTES,
	'POST /api/plans/inspections': PLAN_BYTES,
	'POST /api/plans': PLAN_DOCUMENT_BYTES,
	'POST /api/plans/[id]/draws': DRAW_COMMIT_BYTES,
	'POST /api/plans/[id]/draws/[drawId]/execute': DRAW_EXECUTE_BYTES,
	'POST /api/admin/users': ADMIN_FORM_BYTES,
	'PATCH /api/admin/users/[id]': ADMIN_FORM_BYTES,
	'POST /api/admin/users/[id]/password': ADMIN_FORM_BYTES,
	'PUT /api/admin/units/[code]': ADMIN_FORM_BYTES,
	'POST /api/admin/branches': ADMIN_FORM_BYTES,
	'PATCH /api/admin/branches/[code]': ADMIN_FORM_BYTES,
	'POST /api/admin/reception-points': ADMIN_FORM_BYTES,
	'PATCH /api/admin/reception-points/[id]': ADMIN_FORM_BYTES,
	/** A roster officer: name, position and field of ≤ 200 characters each (6 × 600 bytes at worst). */
	'POST /api/units/[code]/roster': ADMIN_FORM_BYTES,
	'PATCH /api/units/[code]/roster/[id]': ADMIN_FORM_BYTES,
	'PUT /api/admin/unit-locations/[code]': ADMIN_FORM_BYTES,
	'POST /api/admin/templates/drafts': ADMIN_FORM_BYTES,
	'PUT /api/admin/templates/[id]/[version]': TEMPLATE_BYTES,
	'POST /api/admin/templates/[id]/[version]/publish': ADMIN_FORM_BYTES,
	/** Retiring takes nothing but the path. */
	'POST /api/admin/templates/[id]/[version]/retire': 0,
	'POST /api/admin/templates/import': TEMPLATE_FILE_BYTES,
	/** Up to 200 notification ids of ≤ 100 characters (6 × 100 bytes each at worst), or `{ "all": true }`. */
	'POST /api/notifications/read': 128 * KIB,
	/** A key id (43 characters) and a P-256 public key as JWK (two 43-character coordinates). */
	'POST /api/device-keys': 2 * KIB,
	/** A unit code (docs/feedback-point.md). */
	'POST /api/feedback-points': 2 * KIB,
	/** Rotating and revoking read only the path. */
	'POST /api/feedback-points/[id]/rotate': 0,
	'POST /api/feedback-points/[id]/revoke': 0,
	'POST /api/feedback/[token]': FEEDBACK_ANSWER_BYTES,
	/** A reply note of ≤ 2,000 characters (6 bytes each at worst, escaped). */
	'POST /api/feedback-items/[id]/handle': 16 * KIB,
	'PUT /api/feedback-settings': ADMIN_FORM_BYTES
} as const satisfies Partial<Record<ApiRoute, number>>;

/** Methods that carry no body by their meaning here. */
const bodilessMethods: readonly HttpMethod[] = ['GET', 'HEAD', 'DELETE', 'OPTIONS'];

/** The endpoint's limit in bytes; `key` is an ApiKey, "METHOD route-id" as in `apiRules`. */
export function bodyLimitOf(key: string): number {
	const listed = (bodyLimits as Record<string, number>)[key];
	if (listed !== undefined) return listed;
	const method = key.slice(0, key.indexOf(' ')) as HttpMethod;
	return bodilessMethods.includes(method) ? 0 : UNLISTED_WRITE_BYTES;
}

/** True for a write endpoint (POST, PUT, PATCH) that has no line in `bodyLimits`. */
export const lacksBodyLimit = (key: string): boolean =>
	!(key in bodyLimits) && !bodilessMethods.includes(key.slice(0, key.indexOf(' ')) as HttpMethod);

/** "8 KiB", "7.8 MiB": a limit as the error message and the docs write it. */
export function describeBytes(bytes: number): string {
	if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MiB`;
	if (bytes >= KIB) return `${Number((bytes / KIB).toFixed(1))} KiB`;
	return `${bytes} bytes`;
}
