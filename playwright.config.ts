import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './tests/e2e/chromium';

const port = Number(process.env.E2E_PORT ?? 4173);
/** The second server's port: the specs that change shared state get a server of their own. */
const sharedStatePort = port + 1;
const serialSpecs = ['**/template-admin.e2e.ts', '**/template-pinning.e2e.ts', '**/questionnaire-admin.e2e.ts', '**/accounts.e2e.ts'];
// The server's data directory, passed on to the test workers (they inherit the runner's
// environment and keep its value) for specs that use the admin command line on it.
const dataDir = (process.env.E2E_DATA_DIR ??= join(tmpdir(), `ktmc-e2e-${process.pid}`));
const sharedStateDataDir = `${dataDir}-shared-state`;

type TraceMode = 'off' | 'on' | 'retain-on-failure' | 'on-first-retry' | 'retain-on-first-failure' | 'on-all-retries';
const traceModes: TraceMode[] = ['off', 'on', 'retain-on-failure', 'on-first-retry', 'retain-on-first-failure', 'on-all-retries'];
function traceMode(): TraceMode {
	const asked = process.env.E2E_TRACE;
	if (!asked) return 'off';
	const mode = traceModes.find((m) => m === asked);
	if (!mode) throw new Error(`E2E_TRACE=${asked}: expected one of ${traceModes.join(', ')}`);
	return mode;
}

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	// Two spec files at a time against the one shared server (the run's time on 2 cores); the tests
	// of a file run in order in one worker. E2E_WORKERS=1 runs everything one after another.
	workers: Number(process.env.E2E_WORKERS ?? 2),
	retries: 0,
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
		// Off unless asked for (E2E_TRACE=retain-on-failure, or any Playwright trace mode): recording
		// every test's screenshots and DOM snapshots took a third of the run's time on two cores
		// (four heavy specs: 139-152 s with, 89-98 s without), and a CI run's traces are not kept.
		trace: traceMode()
	},
	projects: [
		// Specs that change what every other spec relies on: the template in effect in Hà Nội (a
		// province version published and retired) and a demo account's password. They run one at
		// a time against a server and database of their own, beside the rest. Listed first, so
		// they start at once on one worker: listed after, they were handed out last and ran alone
		// at the end (a minute and a half with a core idle).
		{ name: 'shared-state', testMatch: serialSpecs, workers: 1, use: { baseURL: `http://localhost:${sharedStatePort}` } },
		{ name: 'app', testIgnore: serialSpecs }
	],
	webServer: [server(port, dataDir), server(sharedStatePort, sharedStateDataDir)]
});

/** The built app on `listenOn` with its own database in `dataDir` (created with demo data at start). */
function server(listenOn: number, dataDir: string) {
	return {
		command: 'node scripts/start.js',
		port: listenOn,
		reuseExistingServer: false,
		env: { PORT: String(listenOn), HOST: '127.0.0.1', ORIGIN: `http://localhost:${listenOn}`, DATA_DIR: dataDir },
		timeout: 60_000
	};
}
