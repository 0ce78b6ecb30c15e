// GET /verify/<inspectionId>?fp=<fingerprint> — public check of a printed biên bản (no sign-in).
// Says only "matches" or "does not match"; see docs/record-verification.md.
import { error } from '@sveltejs/kit';
import { verifyQuerySchema } from '$lib/domain/record-fingerprint';
import { getDatabase } from '$lib/server/db';
import { verifyRecord } from '$lib/server/records';
import type { PageServerLoad } from './$types';

// Rendering options (server-side, no script) are set in ../+layout.ts.
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	const parsed = verifyQuerySchema.safeParse({ id: params.id, fp: url.searchParams.get('fp') ?? undefined });
	if (!parsed.success) {
		// A code, not words: the error page says it in both languages (verify_invalid_*).
		error(400, parsed.error.issues[0]?.path[0] === 'id' ? 'invalid_record_id' : 'invalid_fingerprint');
	}
	const { id, fp } = parsed.data;
	const { db } = await getDatabase();
	const answer = await verifyRecord(db, id, fp);
	// The answer changes when the record is reviewed or adjusted: never serve it from a cache.
	setHeaders({ 'Cache-Control': 'no-store' });
	return {
		verified: answer.verified,
		// Said only of a matching record: whether its signatures cover the version the server holds.
		signaturesCoverContent: answer.verified ? answer.signaturesCoverContent : null,
		fingerprint: fp
	};
};
