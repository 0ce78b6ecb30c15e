export { actorFrom, type Actor, type Role } from './actor';
export { applyPush, type PushOptions } from './apply-push';
export { pullChanges, type PulledChange, type PullResponse } from './pull-changes';
export type { MutationResult, MutationStatus, PushResponse, ResultCode } from './results';
export { visibleChanges } from './visibility';
