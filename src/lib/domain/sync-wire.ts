/**
 * Kept so imports from before the protocol module still resolve; new code imports
 * `$lib/domain/protocol`. TODO: delete once no module imports it.
 */
export {
	mutationResultSchema,
	pushResponseSchema,
	pullResponseSchema,
	changeSchema,
	errorBodySchema,
	entityNameSchema as syncEntitySchema,
	type MutationResult as MutationResultWire,
	type PushResponse as PushResponseWire,
	type PullResponse as PullResponseWire,
	type Change as ChangeWire,
	type EntityName as SyncEntity
} from './protocol';
