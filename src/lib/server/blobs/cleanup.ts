/**
 * Removes stored bytes that no record references (references.ts) once they are older than a
 * grace period: `npm run admin -- blobs-cleanup [--dry-run] [--grace-days N]`.
 *
 * Why a grace period at all: a device uploads a photo's bytes before it pushes the mutation that
 * attaches it, and a device may be offline for weeks between the two (the upload succeeded, the
 * push did not, then the inspector went back to the field). Until that push arrives the bytes
 * are referenced by nothing on the server. Why 30 days by default: comfortably longer than a
 * round of field visits without network, and short enough that abandoned uploads do not pile up
 * for months. Should a device still come later, nothing is lost: it keeps every photo's bytes
 * (nothing on the device deletes them), the server answers its push `missing_blob`, and the
 * device uploads the bytes again on its next round.
 *
 * A blob's age is the later of when its bytes were written (the file's modification time, the S3
 * object's Last-Modified) and its latest upload (a re-upload after
 * `missing_blob` makes it young again). Each blob is checked once more just before it is removed,
 * so a push that attached it while the command ran keeps it. Upload rows go before the file: a
 * crash in between leaves a file with no rows, which the next run finds again.
 * Temporary files of uploads that never finished (a crash mid-upload) are removed after a day.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { appendAudit } from '../auth/audit';
import type { Database } from '../db/schema';
import type { BlobStore } from './blob-store';
import { isReferenced, referencedHashes } from './references';

export const DEFAULT_GRACE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CleanupCandidate {
	sha256: string;
	size: number;
	/** The later of the file's write time and its latest upload. */
	lastSeenAt: string;
}

export interface CleanupPlan {
	graceDays: number;
	/** Blobs seen last before this are old enough to go. */
	cutoff: string;
	remove: CleanupCandidate[];
	bytes: number;
	/** Unreferenced but younger than the grace period: kept for a device's push still to come. */
	young: { count: number; bytes: number };
	/** Leftovers of interrupted uploads in the staging directory (`DATA_DIR/blobs/tmp`), older than a day. */
	staleTemporaryFiles: string[];
}

export interface CleanupResult {
	removed: number;
	bytes: number;
	/** Referenced by the time their turn came (a push attached them meanwhile): kept. */
	keptNowReferenced: number;
	temporaryFilesRemoved: number;
}

/** What a clean-up would remove now; changes nothing (the `--dry-run`). */
export async function planBlobCleanup(
	db: Kysely<Database>,
	store: BlobStore,
	{ graceDays = DEFAULT_GRACE_DAYS, now = new Date() }: { graceDays?: number; now?: Date } = {}
): Promise<CleanupPlan> {
	const cutoff = new Date(now.getTime() - graceDays * DAY_MS);
	const referenced = await referencedHashes(db);
	const lastUploads = new Map(
		(
			await db
				.selectFrom('blob_uploads')
				.select('sha256')
				.select((eb) => eb.fn.max('uploaded_at').as('at'))
				.groupBy('sha256')
				.execute()
		).map((r) => [r.sha256, new Date(r.at)])
	);
	const plan: CleanupPlan = {
		graceDays,
		cutoff: cutoff.toISOString(),
		remove: [],
		bytes: 0,
		young: { count: 0, bytes: 0 },
		staleTemporaryFiles: await staleTemporaryFiles(store, now)
	};
	for await (const file of store.list()) {
		if (referenced.has(file.sha256)) continue;
		const upload = lastUploads.get(file.sha256);
		const lastSeen = upload && upload > file.writtenAt ? upload : file.writtenAt;
		if (lastSeen >= cutoff) {
			plan.young.count++;
			plan.young.bytes += file.size;
			continue;
		}
		plan.remove.push({ sha256: file.sha256, size: file.size, lastSeenAt: lastSeen.toISOString() });
		plan.bytes += file.size;
	}
	return plan;
}

/** Carries out `plan` and records it in the audit trail (one entry, with every hash removed). */
export async function runBlobCleanup(db: Kysely<Database>, store: BlobStore, plan: CleanupPlan): Promise<CleanupResult> {
	const result: CleanupResult = { removed: 0, bytes: 0, keptNowReferenced: 0, temporaryFilesRemoved: 0 };
	const removed: string[] = [];
	for (const blob of plan.remove) {
		if (await isReferenced(db, blob.sha256)) {
			result.keptNowReferenced++;
			continue;
		}
		await db.deleteFrom('blob_uploads').where('sha256', '=', blob.sha256).execute();
		if (await store.remove(blob.sha256)) {
			result.removed++;
			result.bytes += blob.size;
			removed.push(blob.sha256);
		}
	}
	for (const path of plan.staleTemporaryFiles) {
		await rm(path, { force: true });
		result.temporaryFilesRemoved++;
	}
	await appendAudit(db, {
		action: 'blobs_cleaned',
		actorUserId: null,
		detail: { graceDays: plan.graceDays, cutoff: plan.cutoff, removed: result.removed, bytes: result.bytes, hashes: removed, via: 'cli' }
	});
	return result;
}

async function staleTemporaryFiles(store: BlobStore, now: Date): Promise<string[]> {
	const dir = store.stagingDir;
	const names = await readdir(dir).catch(() => [] as string[]);
	const stale: string[] = [];
	for (const name of names) {
		const info = await stat(join(dir, name)).catch(() => null);
		if (info?.isFile() && info.mtime.getTime() < now.getTime() - DAY_MS) stale.push(join(dir, name));
	}
	return stale;
}
