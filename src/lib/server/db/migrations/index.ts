/**
 * Every migration the server has, in order. A static list (not a folder scan) so the bundled
 * adapter-node build carries them without touching the file system.
 */
import type { Migration } from 'kysely';
import { syncCore } from './001-sync-core';
import { accounts } from './002-accounts';

export const migrations: Record<string, Migration> = {
	'001-sync-core': syncCore,
	'002-accounts': accounts
};
