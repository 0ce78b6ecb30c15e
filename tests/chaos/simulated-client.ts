/**
 * One simulated device: an inspector working (making mutations into its outbox) while a sync
 * loop pushes the outbox to the server through the chaos proxy.
 *
 * It follows docs/sync-protocol.md's client checklist and nothing more:
 * - every request carries the session cookie the device got when it signed in;
 * - the outbox is an ordered array of mutations with a gap-free seq; it stands for IndexedDB,
 *   so it survives the device "crashing" (an in-flight request abandoned mid-way);
 * - before a push, every photo the batch references is uploaded by hash (PUT, retried);
 * - pending entries are pushed from the head, in seq order, in batches of 1–50;
 * - an entry leaves the outbox only when a result acknowledges it (applied, rejected,
 *   conflict); deferred ones stay; network errors, timeouts and 5xx keep everything and retry
 *   with back-off.
 * Anything the protocol says cannot happen to a well-behaved device (a 4xx, seq_gap,
 * seq_reused, a result for a mutation it never sent) is written down as an anomaly.
 */
import { uuidv7 } from '$lib/domain/ids';
import { MUTATION_SCHEMA_VERSION, type Mutation } from '$lib/domain/mutations';
import type { MutationResult } from '$lib/server/sync/results';
import { backoffDelay, sleep } from './backoff';
import { sessionHeaders, type DeviceSession } from './device-session';
import { InspectorModel, type IntendedEffect } from './intended-state';
import { InspectorWorkload } from './inspector-workload';
import type { SeededRandom } from './seeded-random';

/** One mutation this device made, what the server must do with it, and every answer it got. */
export interface MadeMutation {
	mutation: Mutation;
	effect: IntendedEffect;
	/** Acknowledging results, one per response that reached the device (replays included). */
	results: MutationResult[];
	/** Push requests that carried it (more than one: its first request or answer was lost). */
	sends: number;
}

export interface SimulatedClientOptions {
	label: string;
	/** The proxy's base URL. */
	baseUrl: string;
	/** The signed-in session every request carries. */
	session: DeviceSession;
	random: SeededRandom;
	mutations: number;
	/** Wall-clock time (ms) after which the device stops, drained or not. */
	deadline: number;
	/** Chance that the device "crashes" during a push: the request is abandoned mid-flight. */
	crashRate: number;
}

const REQUEST_TIMEOUT_MS = 8000;
const MAX_BATCH = 50;
const ACKNOWLEDGING = new Set(['applied', 'rejected', 'conflict']);

export class SimulatedClient {
	readonly clientId = uuidv7();
	readonly label: string;
	readonly model: InspectorModel;
	readonly made: MadeMutation[] = [];
	/** Pending mutations in seq order — the device's durable queue. */
	outbox: Mutation[] = [];
	/** The first few anomalies, word for word; `stats.anomalies` counts them all. */
	readonly anomalies: string[] = [];
	readonly stats = { pushes: 0, retries: 0, crashes: 0, blobUploads: 0, anomalies: 0 };
	readonly #workload: InspectorWorkload;
	readonly #uploaded = new Set<string>();
	#stopped = false;
	// One source per activity, so the inspector's choices do not depend on how the network went.
	readonly #workRandom: SeededRandom;
	readonly #syncRandom: SeededRandom;

	constructor(private readonly options: SimulatedClientOptions) {
		this.label = options.label;
		this.model = new InspectorModel(options.session.userId);
		this.#workload = new InspectorWorkload(options.label, options.random.fork(), this.model, options.mutations);
		this.#workRandom = options.random.fork();
		this.#syncRandom = options.random.fork();
	}

	/** Mutations the server has acknowledged at least once. */
	get acknowledged(): number {
		return this.made.length - this.outbox.length;
	}

	/** Ends both loops at their next turn (the run failed elsewhere; no point waiting for the deadline). */
	stop(): void {
		this.#stopped = true;
	}

	get #running(): boolean {
		return !this.#stopped && Date.now() < this.options.deadline;
	}

	get finished(): boolean {
		return this.#workload.done && this.outbox.length === 0;
	}

	/** Works and syncs at the same time until everything is made and acknowledged, or the deadline. */
	async run(): Promise<void> {
		await Promise.all([this.#work(), this.#sync()]);
	}

	/** The inspector: bursts of edits with pauses, like someone walking from desk to desk. */
	async #work() {
		const random = this.#workRandom;
		while (!this.#workload.done && this.#running) {
			for (let burst = random.int(1, 25); burst > 0 && !this.#workload.done; burst--) this.#make();
			await sleep(random.int(0, 120));
		}
	}

	/** One local transaction: the local write (the model) and the outbox entry, with the next seq. */
	#make() {
		const intent = this.#workload.next();
		const mutation = {
			mutationId: uuidv7(),
			seq: this.made.length + 1,
			schemaVersion: MUTATION_SCHEMA_VERSION,
			createdAt: new Date().toISOString(),
			name: intent.name,
			args: intent.args
		} as Mutation;
		const effect = this.model.apply(mutation);
		this.made.push({ mutation, effect, results: [], sends: 0 });
		this.outbox.push(mutation);
	}

	#anomaly(message: string) {
		this.stats.anomalies++;
		if (this.anomalies.length < 10) this.anomalies.push(`${this.options.label}: ${message}`);
	}

	async #sync() {
		const random = this.#syncRandom;
		let failures = 0;
		while (this.#running) {
			if (this.outbox.length === 0) {
				if (this.#workload.done) return;
				await sleep(15);
				continue;
			}
			const batch = this.outbox.slice(0, random.int(1, MAX_BATCH));
			const ok = (await this.#uploadPhotosOf(batch)) && (await this.#push(batch));
			if (ok) {
				failures = 0;
				await sleep(random.int(0, 25));
			} else {
				failures++;
				this.stats.retries++;
				await sleep(backoffDelay(failures, random));
			}
		}
	}

	/** PUT every not-yet-uploaded photo of the batch; false on any failure (the loop retries). */
	async #uploadPhotosOf(batch: readonly Mutation[]): Promise<boolean> {
		for (const mutation of batch) {
			if (mutation.name !== 'attachPhoto' || this.#uploaded.has(mutation.args.sha256)) continue;
			const photo = this.#workload.photos.get(mutation.args.sha256);
			if (!photo) throw new Error(`workload bug: no bytes for ${mutation.args.sha256}`);
			let response: Response;
			try {
				response = await fetch(`${this.options.baseUrl}/api/blobs/${photo.sha256}`, {
					method: 'PUT',
					headers: { 'content-type': photo.mime, ...sessionHeaders(this.options.session) },
					body: photo.bytes,
					signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
				});
				await response.arrayBuffer();
			} catch {
				return false;
			}
			if (response.status === 200 || response.status === 201) {
				this.#uploaded.add(photo.sha256);
				this.stats.blobUploads++;
				continue;
			}
			if (response.status < 500) this.#anomaly(`PUT blob answered ${response.status}`);
			return false;
		}
		return true;
	}

	async #push(batch: readonly Mutation[]): Promise<boolean> {
		const random = this.#syncRandom;
		this.stats.pushes++;
		for (const mutation of batch) {
			const made = this.made[mutation.seq - 1];
			if (made) made.sends++;
		}
		// A crash abandons the request at a random moment: before it is sent, while the server
		// works on it, or after the answer arrived but before the device could read it.
		const crash = new AbortController();
		const crashes = random.chance(this.options.crashRate);
		const crashTimer = crashes ? setTimeout(() => crash.abort(), random.int(0, 60)) : null;
		let status: number;
		let text: string;
		try {
			const response = await fetch(`${this.options.baseUrl}/api/sync/push`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...sessionHeaders(this.options.session) },
				body: JSON.stringify({ clientId: this.clientId, mutations: batch }),
				signal: AbortSignal.any([AbortSignal.timeout(REQUEST_TIMEOUT_MS), crash.signal])
			});
			status = response.status;
			text = await response.text();
		} catch {
			if (crash.signal.aborted) this.stats.crashes++;
			return false;
		} finally {
			if (crashTimer) clearTimeout(crashTimer);
		}
		if (status >= 500) return false;
		if (status !== 200) {
			this.#anomaly(`push answered ${status}: ${text.slice(0, 200)}`);
			return false;
		}
		const body = JSON.parse(text) as { results?: MutationResult[] };
		if (!Array.isArray(body.results)) {
			this.#anomaly(`push answer without results: ${text.slice(0, 200)}`);
			return false;
		}
		const before = this.outbox.length;
		for (const result of body.results) this.#takeResult(result);
		// An answer that acknowledged nothing (all deferred) is no progress: back off like a failure.
		return this.outbox.length < before;
	}

	#takeResult(result: MutationResult) {
		const made = this.made[result.seq - 1];
		if (!made || made.mutation.mutationId !== result.mutationId) {
			this.#anomaly(`result for a mutation it did not send: ${JSON.stringify(result)}`);
			return;
		}
		if (ACKNOWLEDGING.has(result.status)) {
			made.results.push(result);
			this.outbox = this.outbox.filter((m) => m.mutationId !== result.mutationId);
			return;
		}
		// Deferred: the entry stays. Only two reasons are expected from a well-behaved device.
		if (result.code === 'waiting_for_seq') return;
		if (result.code === 'missing_blob' && made.mutation.name === 'attachPhoto') {
			this.#uploaded.delete(made.mutation.args.sha256);
			return;
		}
		this.#anomaly(`deferred ${result.code} for seq ${result.seq}: ${result.message ?? ''}`);
	}
}
