/**
 * Vitest config for the chaos test (`npm run test:chaos`, a step of `npm test` after the build:
 * it runs the real built server). SQLite and PostgreSQL run at once, a file each (chaos-run.ts
 * says why), about two minutes on two cores:
 *
 *   npx vitest run --config tests/chaos/vitest.config.ts
 *
 * tests/chaos/instances.test.ts runs beside it: four built instances on one PostgreSQL behaving as
 * one server (about 15 s, PostgreSQL only).
 *
 * It borrows the integration tests' PostgreSQL global setup (TEST_DATABASE_URL, or a throwaway
 * cluster when initdb/pg_ctl are installed, or a printed reason to skip), so the same run
 * covers SQLite and, when available, PostgreSQL.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
	root,
	resolve: {
		alias: { $lib: fileURLToPath(new URL('../../src/lib', import.meta.url)) }
	},
	test: {
		name: 'chaos',
		environment: 'node',
		include: ['tests/chaos/**/*.test.ts'],
		globalSetup: ['tests/integration/setup/postgres.ts'],
		// Every file at once: the two chaos runs and the instances test.
		maxWorkers: 3,
		testTimeout: 600_000,
		hookTimeout: 120_000,
		expect: { requireAssertions: true }
	}
});
