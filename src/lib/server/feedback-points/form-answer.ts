/**
 * The public form's fields as an answer (docs/feedback-point.md). The page names each field by
 * its kind — `scale.Q1`, `yesno.Q4`, `text.Q11`, `fact.ageBand` — so an answer reads the same
 * whether the page's script sends it as JSON (static/y/outbox.js builds the same object) or,
 * with no script, the browser posts the form itself to the page's action.
 */
export function answerFromForm(data: FormData): unknown {
	const answers: Record<string, unknown> = {};
	const facts: Record<string, unknown> = {};
	for (const [name, value] of data) {
		if (typeof value !== 'string' || value === '') continue;
		const dot = name.indexOf('.');
		const kind = name.slice(0, dot);
		const id = name.slice(dot + 1);
		if (kind === 'scale') answers[id] = /^[1-5]$/.test(value) ? Number(value) : value;
		else if (kind === 'yesno') answers[id] = value;
		else if (kind === 'text' && value.trim() !== '') answers[id] = value;
		else if (kind === 'fact') facts[id] = value;
	}
	return {
		submissionId: data.get('submissionId'),
		questionnaireId: data.get('questionnaireId'),
		questionnaireVersion: data.get('questionnaireVersion'),
		answers,
		facts
	};
}
