/**
 * One device of the chaos run: the app's own device database (Dexie, here on fake-indexeddb),
 * its own user actions writing rows and outbox entries, and the shipped sync engine
 * (`syncOnce` from src/lib/local/sync/sync-engine.ts) talking to the server over HTTP through
 * the shipped `httpTransport` — given a fetch that carries the session cookie, since node has
 * no cookie jar. The inspector works and the device syncs at the same time, like the app.
 *
 * The device writes down every mutation it made (from the outbox's `creating` hook, once its
 * transaction committed), so the verdict can count what reached the server.
 */
import type { Mutation } from '$lib/domain/protocol';
import { AppDb } from '$lib/local/app-db';
import { clientId, pendingCount } from '$lib/local/outbox';
import { syncOnce } from '$lib/local/sync/sync-engine';
import { httpTransport, TransientSyncError, type SyncTransport } from '$lib/local/sync/transport';
import { backoffDelay, sleep } from './backoff';
import type { DeviceSession } from './device-session';
import { DeviceWorkload } from './device-workload';
import type { SeededRandom } from './seeded-random';

export interface EngineDeviceOptions {
	label: string;
	/** The base URL this device talks to (a chaos proxy in front of one app instance). */
	baseUrl: string;
	session: DeviceSession;
	random: SeededRandom;
	mutations: number;
	/** Wall-clock time (ms) after which the device stops, drained or not. */
	deadline: number;
}

/** fetch with the device's session cookie on every request. */
export function sessionFetch(session: DeviceSession) {
	return (url: string, init: RequestInit) => {
		const headers = new Headers(init.headers);
		headers.set('cookie', session.cookie);
		return fetch(url, { ...init, headers });
	};
}

export class EngineDevice {
	readonly db: AppDb;
	readonly label: string;
	/** Every mutation this device made, in the order it made them (seqs as first numbered). */
	readonly made: Mutation[] = [];
	readonly stats = { rounds: 0, failedRounds: 0, applied: 0, pulled: 0 };
	/**
	 * Failures that are not the network's (a refused request, a bug), and the device showing its own
	 * record older than it wrote it (device-workload.ts): the first few, word for word.
	 */
	readonly anomalies: string[] = [];
	pending = 0;
	readonly #transport: SyncTransport;
	readonly #workload: DeviceWorkload;
	readonly #workRandom: SeededRandom;
	readonly #syncRandom: SeededRandom;
	#stopped = false;

	constructor(private readonly options: EngineDeviceOptions) {
		this.label = options.label;
		this.db = new AppDb(`chaos-${options.label}-${Date.now()}-${Math.random()}`);
		this.#transport = httpTransport(options.baseUrl, { fetch: sessionFetch(options.session) });
		this.#workload = new DeviceWorkload(
			this.db,
			options.label,
			options.session.userId,
			options.random.fork(),
			options.mutations,
			(what) => {
				if (this.anomalies.length < 10) this.anomalies.push(what);
			}
		);
		this.#workRandom = options.random.fork();
		this.#syncRandom = options.random.fork();
		const made = this.made;
		this.db.outbox.hook('creating', function (_key, entry, transaction) {
			transaction.on('complete', () => made.push(entry.mutation));
		});
	}

	get clientId(): Promise<string> {
		return clientId(this.db);
	}

	/** Mutations the server has acknowledged (as of the last round; a round whose pull failed still counts its push). */
	get acknowledged(): number {
		return this.made.length - this.pending;
	}

	get finished(): boolean {
		return this.#workload.done && this.pending === 0;
	}

	stop(): void {
		this.#stopped = true;
	}

	get #running(): boolean {
		return !this.#stopped && Date.now() < this.options.deadline;
	}

	async run(): Promise<void> {
		await Promise.all([this.#work(), this.#sync()]);
	}

	/** The inspector: bursts of edits with short pauses. */
	async #work() {
		const random = this.#workRandom;
		while (!this.#workload.done && this.#running) {
			for (let burst = random.int(1, 30); burst > 0 && !this.#workload.done; burst--) await this.#workload.next();
			await sleep(random.int(0, 40));
		}
	}

	/** Sync rounds until everything made has been acknowledged (or the deadline). */
	async #sync() {
		let failures = 0;
		while (this.#running) {
			if (await this.round()) failures = 0;
			else await sleep(backoffDelay(++failures, this.#syncRandom));
			this.pending = await pendingCount(this.db);
			if (this.finished) return;
			if (this.pending === 0) await sleep(this.#syncRandom.int(20, 150));
		}
	}

	/** One sync round; false when it failed (the network's fault, or an anomaly written down). */
	async round(): Promise<boolean> {
		this.stats.rounds++;
		try {
			const report = await syncOnce(this.db, this.#transport);
			this.stats.applied += report.applied;
			this.stats.pulled += report.pulled;
			return true;
		} catch (error) {
			this.stats.failedRounds++;
			if (!(error instanceof TransientSyncError) && this.anomalies.length < 10) this.anomalies.push(`${this.label}: ${String(error)}`);
			return false;
		}
	}

	/** After everyone is done: rounds until one gets through, so the device holds the server's latest state. */
	async catchUp(deadline: number): Promise<void> {
		for (let attempt = 1; Date.now() < deadline; attempt++) {
			if (await this.round()) return;
			await sleep(backoffDelay(attempt, this.#syncRandom));
		}
		throw new Error(`${this.label} could not complete a sync round before the deadline`);
	}
}
