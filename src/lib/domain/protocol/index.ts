/**
 * The sync contract, read by the device, the server and the doc test (docs/sync-protocol.md):
 * entities (entities.ts), intents (intents.ts), push and pull (wire.ts), the calls around them
 * (endpoints.ts) and the error convention (errors.ts).
 */
export * from './entities';
export * from './errors';
export * from './intents';
export * from './wire';
export * from './endpoints';
export type * from './admin';
export * from './templates';
