/**
 * The database as a migration sees it: untyped, because a migration must keep working after the
 * app's schema types (schema.ts) have moved on to later versions.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;
