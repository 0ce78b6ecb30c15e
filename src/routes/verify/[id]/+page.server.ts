// GET /verify/<inspectionId>?fp=<fingerprint> — public check of a printed biên bản (no sign-in).
// Says only "matches" or "does not match"; see docs/record-verification.md.
import { error } from '@sveltejs/kit';
import { verifyQuerySchema } from '$lib/domain/record-fingerprint';
import { getDatabase } from '$lib/server/db';
import { withPageDatabase } from '$lib/server/http';
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
	// The answer changes when the record is reviewed or adjusted, and a 503 while the database
	// is away must not outlive it: never serve either from a cache.
	setHeaders({ 'Cache-Control': 'no-store' });
	const answer = await withPageDatabase(setHeaders, async () => verifyRecord((await getDatabase()).db, id, fp));
	return {
		verified: answer.verified,
		// Said only of a matching record: whether its signatures cover the version the server holds.
		signaturesCoverContent: answer.verified ? answer.signaturesCoverContent : null,
		// Also said only of a matching record: whether it is a ward's self-inspection.
		...(answer.verified ? { selfInspection: answer.selfInspection } : {}),
		fingerprint: fp
	};
};
