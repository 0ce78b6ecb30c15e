/**
 * Bodies of the online-only admin API (/api/admin/*), read by the admin screens and written by
 * the server: defined once here so the two cannot drift. Errors follow errors.ts.
 */
import type { DivisionType } from '$lib/units/units';
import type { SessionUser } from './endpoints';

/** An account as the admin screens list it; never the password hash. */
export interface AccountSummary extends SessionUser {
	disabled: boolean;
	createdAt: string;
}

/** A live session of an account, as GET /api/admin/users/[id]/sessions lists it; never the token. */
export interface AccountSession {
	/** The stored id (the token's SHA-256); DELETE …/sessions?id= ends it. */
	id: string;
	createdAt: string;
	lastSeenAt: string;
	expiresAt: string;
}

/** GET /api/admin/users: the accounts, and the demo accounts still signing in with their public password. */
export interface AccountList {
	users: AccountSummary[];
	demoPasswordsInUse: string[];
}

/** A commune and whether the app is switched on for it. */
export interface UnitState {
	code: number;
	name: string;
	type: DivisionType;
	provinceCode: number;
	active: boolean;
	activatedAt: string | null;
	activatedBy: string | null;
}

export interface ProvinceUnits {
	province: { code: number; name: string };
	units: UnitState[];
	activeCount: number;
	total: number;
}

export interface AuditFeedEntry {
	seq: number;
	at: string;
	action: string;
	actor: { id: string; username: string | null; displayName: string | null } | null;
	detail: Record<string, unknown>;
}

export interface AuditPage {
	entries: AuditFeedEntry[];
	/** Pass as `before` for the next (older) page; null when the start of the trail was reached. */
	nextBefore: number | null;
}

/** The audit trail's hash chain, checked from the first entry to the head. */
export type ChainReport =
	| { ok: true; checked: number }
	| {
			ok: false;
			/** Entries verified before the first bad one. */
			checked: number;
			/** The first seq that is missing, edited or out of place. */
			firstBadSeq: number;
			reason: 'hash_mismatch' | 'broken_link' | 'missing_entry' | 'head_mismatch';
	  };

/**
 * GET /api/admin/storage: photo and signature bytes on the server's disk, what no record
 * references (removed by `npm run admin -- blobs-cleanup` once older than the grace period), each
 * province's share (an admin bound to a province sees only theirs) and the limits in force.
 */
export interface StorageReport {
	totalBytes: number;
	count: number;
	unreferenced: { count: number; bytes: number };
	byProvince: { provinceCode: number; provinceName: string; count: number; bytes: number }[];
	limits: {
		maxBlobBytes: number;
		maxImagePixels: number;
		userBytesPerDay: number;
		recordPhotos: number;
		recordBytes: number;
		cleanupGraceDays: number;
	};
	measuredAt: string;
}
