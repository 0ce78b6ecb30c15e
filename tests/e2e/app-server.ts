/**
 * Starts and kills a real app server from a copy of the build, for tests that deploy a new
 * version or kill the server. The copy lives inside the project so the server still resolves
 * node_modules.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class AppServer {
	readonly buildDir: string;
	#child: ChildProcess | null = null;

	constructor(
		readonly port: number,
		readonly dataDir: string
	) {
		const root = resolve('.e2e-builds');
		mkdirSync(root, { recursive: true });
		this.buildDir = mkdtempSync(join(root, 'build-'));
		cpSync('build', this.buildDir, { recursive: true });
	}

	get url() {
		return `http://localhost:${this.port}`;
	}

	async start() {
		this.#child = spawn(process.execPath, [join(this.buildDir, 'index.js')], {
			env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', ORIGIN: this.url, DATA_DIR: this.dataDir },
			stdio: 'ignore'
		});
		for (let i = 0; i < 100; i++) {
			try {
				if ((await fetch(`${this.url}/manifest.webmanifest`)).ok) return;
			} catch {
				/* not up yet */
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error('server did not start');
	}

	/** SIGKILL: no graceful shutdown, like a crash or a power cut. */
	async kill() {
		const child = this.#child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGKILL');
		await exited;
		this.#child = null;
	}

	async dispose() {
		await this.kill();
		rmSync(this.buildDir, { recursive: true, force: true });
	}
}
