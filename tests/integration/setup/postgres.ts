/**
 * Vitest globalSetup for the integration project: gives the tests a PostgreSQL server URL.
 *
 * TEST_DATABASE_URL wins when set (CI with a service container); TEST_POSTGRES=skip leaves
 * PostgreSQL out on purpose. Otherwise, if PostgreSQL's server binaries are installed, a
 * throwaway cluster is started in a temp dir on a free port and removed afterwards. Without
 * either, the PostgreSQL cases are skipped and the reason is printed. Each test file then
 * creates its own database on this server.
 */
import type { TestProject } from 'vitest/node';
import { findServerBinaries, startCluster } from '../support/postgres-cluster';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Server URL (database "postgres") the tests may create databases on; null when skipped. */
		postgresUrl: string | null;
		postgresSkipReason: string | null;
	}
}

function skip(project: TestProject, reason: string) {
	console.warn(`[postgres] ${reason}`);
	project.provide('postgresUrl', null);
	project.provide('postgresSkipReason', reason);
}

export default async function setup(project: TestProject) {
	if (process.env.TEST_POSTGRES === 'skip') return skip(project, 'PostgreSQL cases skipped: TEST_POSTGRES=skip');
	const fromEnv = process.env.TEST_DATABASE_URL;
	if (fromEnv) {
		project.provide('postgresUrl', fromEnv);
		project.provide('postgresSkipReason', null);
		return;
	}
	const bin = findServerBinaries();
	if (!bin) {
		return skip(
			project,
			'PostgreSQL cases skipped: TEST_DATABASE_URL is not set and no initdb/pg_ctl was found on PATH or under /usr/lib/postgresql/*/bin'
		);
	}
	const cluster = await startCluster(bin);
	console.log(`[postgres] throwaway cluster from ${bin} at ${cluster.url}`);
	project.provide('postgresUrl', cluster.url);
	project.provide('postgresSkipReason', null);
	return () => cluster.destroy();
}
