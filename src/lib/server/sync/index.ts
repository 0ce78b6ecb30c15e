export { actorFrom, type Actor, type Role } from './actor';
export { applyPush, type PushOptions } from './apply-push';
export { pullChanges, pullPageBody, type PullOptions, type PulledChange, type PullResponse } from './pull-changes';
export type { MutationResult, MutationStatus, PushResponse, ResultCode } from './results';
export { visibleChanges } from './visibility';
