/**
 * How many photo bytes one account and one record may put on the server (issue 14, must-show 6).
 * A province server runs for years on one disk; without a bound, one stolen or careless account
 * fills it and every inspector of the province stops syncing.
 *
 * - Per user, a rolling 24 hours: new bytes the user uploaded in the last 24 h. Over it the
 *   answer is 429 with Retry-After (the time until enough of the window's uploads age out): the
 *   device keeps the photo and tries again then; nothing about the photo is wrong.
 * - Per record, when the device names the inspection (`X-Inspection-Id`): photos and bytes the
 *   record holds plus those uploaded for it and not yet attached. Over it the answer is 413: these
 *   bytes will never fit that record, so the device shows them refused and stops trying.
 *
 * Defaults (settable, docs/operations.md): the device shrinks photos to 1600 px JPEG, about
 * 0.3–0.6 MB each (photos/image-size.ts).
 * - 1024 MiB per user per day: some 2,000 photos, more than weeks of offline field work arriving
 *   in one sync, while one account can add at most 1 GiB a day to the disk.
 * - 300 photos and 200 MiB per record: a visit photographs failed items, a few photos each, over
 *   a checklist of some 40 items, plus the signatures; 300 leaves wide room.
 *
 * Bytes the user already uploaded, and bytes the server already holds, are never counted again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { BlobInfo, BlobRefusal } from './blob-store';

const MiB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BlobQuotas {
	userBytesPerDay: number;
	recordPhotos: number;
	recordBytes: number;
}

export const defaultQuotas: BlobQuotas = { userBytesPerDay: 1024 * MiB, recordPhotos: 300, recordBytes: 200 * MiB };

/** A positive whole number from the environment, or the default (a wrong value is logged, not fatal). */
function setting(env: Record<string, string | undefined>, name: string, fallback: number, unit = 1): number {
	const raw = env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) {
		console.warn(`[blobs] ${name}=${raw} is not a positive whole number; using ${fallback / unit}`);
		return fallback;
	}
	return value * unit;
}

/** The quotas in force: BLOB_QUOTA_USER_DAILY_MIB, BLOB_QUOTA_RECORD_PHOTOS, BLOB_QUOTA_RECORD_MIB. */
export function blobQuotas(env: Record<string, string | undefined> = process.env): BlobQuotas {
	return {
		userBytesPerDay: setting(env, 'BLOB_QUOTA_USER_DAILY_MIB', defaultQuotas.userBytesPerDay, MiB),
		recordPhotos: setting(env, 'BLOB_QUOTA_RECORD_PHOTOS', defaultQuotas.recordPhotos),
		recordBytes: setting(env, 'BLOB_QUOTA_RECORD_MIB', defaultQuotas.recordBytes, MiB)
	};
}

export interface UploadIntent {
	userId: string;
	sha256: string;
	/** The record the device says the bytes are for, if it said. */
	inspectionId: string | null;
	now?: Date;
}

const mib = (bytes: number) => `${Math.round((bytes / MiB) * 10) / 10} MiB`;

/**
 * The refusal for adding `info` under `intent`, or null when it fits. Run before the body is
 * read (with the declared length) and again with the real size just before the bytes are kept.
 */
export async function checkBlobQuota(
	db: Kysely<Database>,
	quotas: BlobQuotas,
	intent: UploadIntent,
	info: Pick<BlobInfo, 'size'>
): Promise<BlobRefusal | null> {
	const already = await db
		.selectFrom('blob_uploads')
		.select('sha256')
		.where('sha256', '=', intent.sha256)
		.where('user_id', '=', intent.userId)
		.executeTakeFirst();
	if (already) return null;
	return (await userRefusal(db, quotas, intent, info.size)) ?? (await recordRefusal(db, quotas, intent, info.size));
}

async function userRefusal(db: Kysely<Database>, quotas: BlobQuotas, intent: UploadIntent, size: number): Promise<BlobRefusal | null> {
	const now = intent.now ?? new Date();
	const since = new Date(now.getTime() - DAY_MS).toISOString();
	const recent = await db
		.selectFrom('blob_uploads')
		.select(['size', 'uploaded_at'])
		.where('user_id', '=', intent.userId)
		.where('uploaded_at', '>', since)
		.orderBy('uploaded_at')
		.execute();
	let used = recent.reduce((n, r) => n + Number(r.size ?? 0), 0);
	if (used + size <= quotas.userBytesPerDay) return null;
	if (size > quotas.userBytesPerDay) {
		return {
			ok: false,
			status: 413,
			code: 'blob_quota_user',
			message: `The file is larger than the daily upload quota (${mib(quotas.userBytesPerDay)})`
		};
	}
	// The earliest moment enough of the window has aged out for these bytes to fit.
	let freeAt = now.getTime();
	for (const r of recent) {
		used -= Number(r.size ?? 0);
		freeAt = new Date(r.uploaded_at).getTime() + DAY_MS;
		if (used + size <= quotas.userBytesPerDay) break;
	}
	return {
		ok: false,
		status: 429,
		code: 'blob_quota_user',
		message: `Daily upload quota reached (${mib(quotas.userBytesPerDay)} in 24 hours); the photo stays on the device and is sent later`,
		retryAfter: Math.max(60, Math.ceil((freeAt - now.getTime()) / 1000))
	};
}

async function recordRefusal(db: Kysely<Database>, quotas: BlobQuotas, intent: UploadIntent, size: number): Promise<BlobRefusal | null> {
	if (intent.inspectionId === null) return null;
	const [attached, uploaded] = await Promise.all([
		db.selectFrom('photos').select(['sha256', 'size']).where('inspection_id', '=', intent.inspectionId).execute(),
		db.selectFrom('blob_uploads').select(['sha256', 'size']).where('inspection_id', '=', intent.inspectionId).execute()
	]);
	const held = new Map<string, number>();
	for (const r of [...attached, ...uploaded]) if (!held.has(r.sha256) || r.size !== null) held.set(r.sha256, Number(r.size ?? 0));
	if (held.has(intent.sha256)) return null;
	const bytes = [...held.values()].reduce((n, s) => n + s, 0);
	if (held.size + 1 <= quotas.recordPhotos && bytes + size <= quotas.recordBytes) return null;
	return {
		ok: false,
		status: 413,
		code: 'blob_quota_record',
		message: `The record already holds ${held.size} photos (${mib(bytes)}); at most ${quotas.recordPhotos} photos and ${mib(quotas.recordBytes)} per record`
	};
}

/**
 * The per-record cap where it cannot be skipped: when a photo is attached (sync/handlers/evidence.ts).
 * The upload's check needs the device to name the record; this one holds any client. Counts the
 * photos the record holds now, in the push's transaction.
 */
export async function recordCapRefusal(
	trx: Kysely<Database>,
	quotas: BlobQuotas,
	inspectionId: string,
	size: number
): Promise<{ message: string } | null> {
	const row = await trx
		.selectFrom('photos')
		.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('bytes')])
		.where('inspection_id', '=', inspectionId)
		.executeTakeFirstOrThrow();
	const [photos, bytes] = [Number(row.n), Number(row.bytes ?? 0)];
	if (photos + 1 <= quotas.recordPhotos && bytes + size <= quotas.recordBytes) return null;
	return {
		message: `The record already holds ${photos} photos (${mib(bytes)}); at most ${quotas.recordPhotos} photos and ${mib(quotas.recordBytes)} per record`
	};
}
