/**
 * Child processes the benchmarks talk to over loopback: the built app server (adapter-node,
 * SQLite or PostgreSQL), pouchdb-server and the RxDB endpoint (rxdb/endpoint.js). Each gets its own port and data directory; every
 * process started here is stopped by `stopAll()` (run.js calls it on exit and on Ctrl-C).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

const running = new Set();

/** A free loopback port, never one the test suites use. */
export async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const probe = createServer();
			probe.once('error', reject);
			probe.listen(0, '127.0.0.1', () => {
				const address = probe.address();
				probe.close(() => resolve(address.port));
			});
		});
		if (![4173, 4181, 4190].includes(port)) return port;
	}
}

async function waitUntil(check, child, what, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited during start-up (code ${child.exitCode})`);
		try {
			if (await check()) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${what} did not start within ${timeoutMs} ms`);
}

function track(child, logFile) {
	const log = createWriteStream(logFile, { flags: 'a' });
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

async function stop(child) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(timer);
}

/**
 * The production server from a private copy of build/ (`buildDir`), on SQLite in `dataDir`
 * or on PostgreSQL at `databaseUrl`, with the demo accounts seeded on its empty database.
 */
export async function startAppServer({ buildDir, dataDir, databaseUrl = null, logDir, execArgv = [] }) {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	mkdirSync(dataDir, { recursive: true });
	const env = {
		PATH: process.env.PATH,
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: url,
		BODY_SIZE_LIMIT: '10M',
		DATA_DIR: dataDir,
		DEMO_SEED: 'on'
	};
	if (databaseUrl) env.DATABASE_URL = databaseUrl;
	const child = track(
		spawn(process.execPath, [...execArgv, join(buildDir, 'index.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
		join(logDir, `app-${port}.log`)
	);
	await waitUntil(async () => (await fetch(`${url}/api/health`)).ok, child, 'app server');
	return { url, port, pid: child.pid, dialect: databaseUrl ? 'postgres' : 'sqlite', databaseUrl, stop: () => stop(child) };
}

/** pouchdb-server (npm) storing its databases with LevelDB (its default) in `dataDir`. */
export async function startPouchServer({ dataDir, logDir }) {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	mkdirSync(dataDir, { recursive: true });
	const bin = join(projectRoot, 'node_modules/pouchdb-server/lib/index.js');
	const args = [
		bin,
		'--port',
		String(port),
		'--host',
		'127.0.0.1',
		'--dir',
		dataDir,
		'--config',
		join(dataDir, 'config.json'),
		'--no-stdout-logs',
		'--no-color'
	];
	const child = track(
		spawn(process.execPath, args, { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] }),
		join(logDir, `pouchdb-server-${port}.log`)
	);
	await waitUntil(async () => (await fetch(url)).ok, child, 'pouchdb-server');
	return { url, port, pid: child.pid, stop: () => stop(child) };
}

/** The RxDB anchor's Node endpoint (rxdb/endpoint.js): RxDB on its memory storage behind HTTP replication. */
export async function startRxdbServer({ logDir }) {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child = track(
		spawn(process.execPath, [join(projectRoot, 'scripts/bench/rxdb/endpoint.js'), String(port)], { stdio: ['ignore', 'pipe', 'pipe'] }),
		join(logDir, `rxdb-endpoint-${port}.log`)
	);
	await waitUntil(async () => (await fetch(`${url}/count`)).ok, child, 'RxDB endpoint');
	return { url, port, pid: child.pid, stop: () => stop(child) };
}

export async function stopAll() {
	await Promise.all([...running].map(stop));
}

/** Signs in through the API and returns the session cookie and the user (for scripts, not pages). */
export async function signInApi(url, username, password) {
	const res = await fetch(`${url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: url },
		body: JSON.stringify({ username, password })
	});
	if (!res.ok) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
	const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
	return { cookie, user: (await res.json()).user };
}
