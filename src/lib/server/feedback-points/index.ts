/** The feedback point at the counter (issue 19, must-show 3; docs/feedback-point.md). */
export {
	createFeedbackPoint,
	listFeedbackPoints,
	newFeedbackToken,
	pointByToken,
	revokeFeedbackPoint,
	rotateFeedbackPoint,
	unitNameOf
} from './points';
export { openPoint, storeAnswer } from './answers';
export { answerLimiter, clientKeyOf, AnswerLimiter, type AnswerAdmission } from './answer-limits';
export { listFloods } from './floods';
export { answerFromForm } from './form-answer';
