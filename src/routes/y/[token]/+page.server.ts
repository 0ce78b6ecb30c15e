// GET /y/<token> — the feedback point's public form, no account (docs/feedback-point.md).
// 404 for a token that names no point, 410 once it was revoked or rotated (the poster is out of date).
// The form action is the path without script: the same checks and limits as POST /api/feedback/<token>.
import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import { vietnamDate } from '$lib/domain/dates';
import { clientAddress } from '$lib/server/auth/client-address';
import { getDatabase } from '$lib/server/db';
import { answerFromForm, answerLimiter, clientKeyOf, openPoint, storeAnswer, unitNameOf } from '$lib/server/feedback-points';
import { Refusal, withPageDatabase } from '$lib/server/http';
import { effectiveQuestionnaireFor } from '$lib/server/templates/questionnaire-rows';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The page may be kept (the point's service worker does), but is checked with the server each time.
	setHeaders({ 'cache-control': 'private, no-cache' });
	return withPageDatabase(setHeaders, async () => {
		const { db } = await getDatabase();
		const point = await openPoint(db, params.token).catch((e: unknown) => {
			// A code, not words: the error page says it in both languages.
			if (e instanceof Refusal) error(e.status, e.code);
			throw e;
		});
		const version = await effectiveQuestionnaireFor(db, Number(point.province_code), vietnamDate());
		return {
			token: params.token,
			unitName: await unitNameOf(db, Number(point.unit_code)),
			questionnaire: version && { id: version.templateId, version: version.version, content: version.questionnaire },
			// For the form posted without script; the script makes a fresh one for every answer.
			submissionId: randomUUID()
		};
	});
};

export const actions: Actions = {
	default: async (event) => {
		const { db } = await getDatabase();
		try {
			const point = await openPoint(db, event.params.token);
			const admission = await answerLimiter.admit(db, await clientKeyOf(db, clientAddress(event)), point.id);
			if (!admission.admitted) return fail(429, { outcome: 'limited' as const });
			await storeAnswer(db, point, answerFromForm(await event.request.formData()));
			return { outcome: 'sent' as const };
		} catch (e) {
			if (!(e instanceof Refusal)) throw e;
			return fail(e.status, { outcome: e.status === 400 ? ('refused' as const) : ('withdrawn' as const) });
		}
	}
};
