// POST /api/feedback/[token] — a citizen's answer from the poster's QR code, no account (docs/feedback-point.md).
// 201 stored, 200 a resend already stored, 400 with the field at fault, 404 unknown token, 410 revoked, 413, 429 + Retry-After.
import { json } from '@sveltejs/kit';
import { clientAddress } from '$lib/server/auth/client-address';
import { getDatabase } from '$lib/server/db';
import { answerLimiter, clientKeyOf, openPoint, storeAnswer } from '$lib/server/feedback-points';
import { problem, respond } from '$lib/server/http';
import { readJsonBody } from '$lib/server/json-body';
import type { RequestHandler } from './$types';

export const prerender = false;

export const POST: RequestHandler = (event) =>
	respond(async () => {
		const { db } = await getDatabase();
		const point = await openPoint(db, event.params.token);
		// Counted by a keyed hash of the address; the address goes no further than this line.
		const admission = await answerLimiter.admit(db, await clientKeyOf(db, clientAddress(event)), point.id);
		if (!admission.admitted) {
			const message = `Too many answers ${admission.by === 'point' ? 'at this feedback point' : 'from here'}; try again in ${admission.retryAfterSeconds} s`;
			return problem(429, 'rate_limited', message, undefined, { 'retry-after': String(admission.retryAfterSeconds) });
		}
		const receipt = await storeAnswer(db, point, await readJsonBody(event.request, 'POST /api/feedback/[token]'));
		return json(receipt, { status: receipt.status === 'stored' ? 201 : 200, headers: { 'cache-control': 'no-store' } });
	});
