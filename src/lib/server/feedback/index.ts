/**
 * Citizens' comments (issue 19, must-show 4; docs/feedback.md): the province's inbox, the
 * province's setting for its wards, and a unit's own masked view. Routes stay thin around these.
 */
export { listFeedbackItems, handleFeedbackItem } from './feedback-items';
export { readFeedbackSettings, saveFeedbackSettings, wardSeesComments } from './feedback-settings';
export { feedbackSummary } from './ward-feedback';
