export type { Database } from './schema';
export { defaultDataDir } from './data-dir';
export { openDatabase, type AppDatabase, type DialectName, type OpenDatabaseOptions } from './open-database';
export { migrateToLatest, schemaVersion, latestSchemaVersion } from './migrate';
export { getDatabase, closeDatabase, type ServerDatabase } from './instance';
export { isTransientDatabaseError } from './transient-errors';
export { isValueError } from './value-errors';
