export { actorFrom, type Actor, type Role } from './actor';
export { applyPush, type PushOptions } from './apply-push';
export { pullChanges, type PulledChange, type PullResponse } from './pull-changes';
export {
	pullQuerySchema,
	pushRequestSchema,
	DEFAULT_PULL_LIMIT,
	MAX_PULL_LIMIT,
	MAX_MUTATIONS_PER_PUSH,
	type PullRequest,
	type PushRequest
} from './requests';
export type { MutationResult, MutationStatus, PushResponse, ResultCode } from './results';
export { visibleChanges } from './visibility';
