/**
 * The real production server (adapter-node's `build/index.js`) as a child process that the
 * chaos test can SIGKILL and start again on the same loopback port and the same database.
 *
 * It runs from a private copy of `build/`, made once per test file inside the project (so the
 * server still resolves node_modules): another engineer rebuilding the shared tree mid-run
 * must not swap the server under the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory the test was started from. */
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Copies `build/` for this run, or explains how to make it. */
export function copyBuild(): { dir: string; dispose(): void } {
	const build = join(projectRoot, 'build');
	if (!existsSync(join(build, 'index.js'))) {
		throw new Error(`${build}/index.js is missing: run \`npm run build\` before the chaos test (it tests the real built server)`);
	}
	// .e2e-builds/ is git-ignored and already holds the e2e tests' copies of the build.
	const root = join(projectRoot, '.e2e-builds');
	mkdirSync(root, { recursive: true });
	const dir = mkdtempSync(join(root, 'chaos-'));
	cpSync(build, dir, { recursive: true });
	return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freeLoopbackPort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
		});
	});
}

export interface ServerProcessOptions {
	buildDir: string;
	port: number;
	/** DATA_DIR: the SQLite file (when no databaseUrl) and the blob store. */
	dataDir: string;
	/** PostgreSQL URL, or null for SQLite. */
	databaseUrl: string | null;
	/** stdout and stderr of every incarnation are appended here, for post-mortems. */
	logFile: string;
}

const STARTUP_TIMEOUT_MS = 30_000;

export class ServerProcess {
	#child: ChildProcess | null = null;
	starts = 0;
	kills = 0;
	/** Exits nobody asked for (a crash): must stay 0 whatever happens to the database. */
	unexpectedExits = 0;

	constructor(readonly options: ServerProcessOptions) {}

	get url(): string {
		return `http://127.0.0.1:${this.options.port}`;
	}

	get running(): boolean {
		return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
	}

	/** Starts the server and waits until /api/health says its database is open. */
	async start(): Promise<void> {
		if (this.running) throw new Error('server already running');
		const { buildDir, port, dataDir, databaseUrl, logFile } = this.options;
		// A clean environment: the test runner's NODE_ENV, DATABASE_URL or DATA_DIR must not leak in.
		const env: NodeJS.ProcessEnv = {
			PATH: process.env.PATH,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: this.url,
			BODY_SIZE_LIMIT: '10M',
			DATA_DIR: dataDir,
			// The demo accounts (created on first start) are whom the devices sign in as.
			DEMO_SEED: 'on'
		};
		if (databaseUrl) env.DATABASE_URL = databaseUrl;
		appendFileSync(logFile, `\n--- start #${this.starts + 1} at ${new Date().toISOString()} ---\n`);
		const child = spawn(process.execPath, [join(buildDir, 'index.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout?.on('data', (chunk: Buffer) => appendFileSync(logFile, chunk));
		child.stderr?.on('data', (chunk: Buffer) => appendFileSync(logFile, chunk));
		this.#child = child;
		this.starts++;
		child.once('exit', (code, signal) => {
			if (this.#child !== child) return; // kill() or stop() let go of it first
			this.unexpectedExits++;
			appendFileSync(logFile, `\n--- exited by itself: code ${code}, signal ${signal} ---\n`);
		});

		const deadline = Date.now() + STARTUP_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (!this.running) throw new Error(`server exited during startup (code ${child.exitCode}):\n${this.logTail()}`);
			try {
				const health = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(1000) });
				if (health.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		throw new Error(`server did not become healthy within ${STARTUP_TIMEOUT_MS} ms:\n${this.logTail()}`);
	}

	/** SIGKILL: no graceful shutdown, no flushing — a crash or a power cut for the process. */
	async kill(): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGKILL');
		await exited;
		this.kills++;
	}

	/** SIGTERM and wait, so the database is closed cleanly before the test reads it. */
	async stop(): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	}

	logTail(lines = 40): string {
		if (!existsSync(this.options.logFile)) return '(no server log)';
		return readFileSync(this.options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
	}
}
