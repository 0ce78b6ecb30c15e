/**
 * Which stored bytes a record still needs. Three places name a blob by its hash:
 *
 * - `photos.sha256`: evidence photos of a record (attachPhoto);
 * - `photos.original_sha256`: the photo an annotated copy was drawn on (issue 20), kept even after
 *   the original's own row is removed, since the annotated copy still names it;
 * - `signatures.sha256`: drawn signatures (signInspection; null for a refusal to sign);
 * - `finding_events.data` of `fixReported` events: the commune's photos of a fix (reportFix),
 *   inside the event's JSON. Any 64-hex-digit string there is taken as a reference: reading more
 *   rather than fewer can only keep a blob, never lose one.
 *
 * access.ts asks `recordsReferencing` who may read a blob; a new kind of reference must be added
 * to both functions below, or the clean-up would remove bytes a record still shows.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

const HASH = /[0-9a-f]{64}/g;

/** Every hash some record references. */
export async function referencedHashes(db: Kysely<Database>): Promise<Set<string>> {
	const [photos, originals, signatures, fixes] = await Promise.all([
		db.selectFrom('photos').select('sha256').distinct().execute(),
		db.selectFrom('photos').select('original_sha256 as sha256').where('original_sha256', 'is not', null).distinct().execute(),
		db.selectFrom('signatures').select('sha256').where('sha256', 'is not', null).distinct().execute(),
		db.selectFrom('finding_events').select('data').where('kind', '=', 'fixReported').execute()
	]);
	const hashes = new Set<string>();
	for (const r of [...photos, ...originals, ...signatures]) if (r.sha256) hashes.add(r.sha256);
	for (const r of fixes) for (const hash of r.data.match(HASH) ?? []) hashes.add(hash);
	return hashes;
}

/** The ids of the records that reference `sha256`, as a subquery (access.ts reads them too). */
export function recordsReferencing(db: Kysely<Database>, sha256: string) {
	const photos = db.selectFrom('photos').select('inspection_id').where('sha256', '=', sha256);
	const originals = db.selectFrom('photos').select('inspection_id').where('original_sha256', '=', sha256);
	const signatures = db.selectFrom('signatures').select('inspection_id').where('sha256', '=', sha256);
	// A hash is 64 hex digits, so LIKE has nothing to escape.
	const fixPhotos = db
		.selectFrom('finding_events')
		.select('inspection_id')
		.where('kind', '=', 'fixReported')
		.where('data', 'like', `%${sha256}%`);
	return photos.union(originals).union(signatures).union(fixPhotos);
}

/** Does any record reference `sha256` now? Asked again just before bytes are deleted. */
export async function isReferenced(db: Kysely<Database>, sha256: string): Promise<boolean> {
	return (await recordsReferencing(db, sha256).limit(1).executeTakeFirst()) !== undefined;
}
