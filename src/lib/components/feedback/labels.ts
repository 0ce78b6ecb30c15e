/** Words for feedback data: where a comment came from, its status. */
import type { FeedbackSource } from '$lib/domain/protocol/feedback';
import { m } from '$lib/ui/i18n.svelte';

const sourceWords: Record<FeedbackSource, () => string> = {
	point: m.feedback_source_point,
	interview: m.feedback_source_interview
};
export const sourceLabel = (source: FeedbackSource): string => sourceWords[source]();
