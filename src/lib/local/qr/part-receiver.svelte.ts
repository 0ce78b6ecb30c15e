/**
 * The trưởng đoàn's side of a QR transfer, as runes state for the receiving screen: codes come
 * in from the camera or from pictures, in any order and repeated; once all are there the part is
 * assembled, checked and merged (team-part-exchange.ts). Any refusal leaves nothing merged and
 * says why; `reset` starts a new transfer.
 */
import { ChunkCollector, type TransportRefusal } from '$lib/domain/team-part-transport';
import type { AppDb } from '../app-db';
import { mergePart, type MergeRefusal, type MergeReport } from '../team-part-exchange';

export type ReceiveRefusal = TransportRefusal | MergeRefusal | 'no_code_found';

export class PartReceiver {
	received = $state(0);
	total = $state(0);
	missing = $state<number[]>([]);
	/** The last refusal: of one code (the transfer goes on) or of the whole part (it stops). */
	refusal = $state<ReceiveRefusal | null>(null);
	report = $state<MergeReport | null>(null);
	busy = $state(false);
	#collector = new ChunkCollector();

	constructor(
		/** The database, or its opening (Dexie loads after the first paint: session.svelte.ts). */
		private readonly db: AppDb | Promise<AppDb>,
		private readonly leadUserId: string
	) {}

	get done(): boolean {
		return this.report !== null;
	}

	/** Adds what one picture or frame showed; merges when the last code arrives. */
	async add(texts: string[]): Promise<void> {
		if (this.done || this.busy) return;
		for (const text of texts) {
			const added = this.#collector.add(text);
			if (added.status === 'refused') this.refusal = added.code;
			else if (added.status === 'added') this.refusal = null;
		}
		this.#sync();
		if (this.#collector.complete) await this.#finish();
	}

	/** A picture in which no code could be read. */
	noCodeFound(): void {
		this.refusal = 'no_code_found';
	}

	async #finish(): Promise<void> {
		this.busy = true;
		try {
			const assembled = await this.#collector.assemble();
			if (!assembled.ok) return this.#fail(assembled.code);
			const merged = await mergePart(await this.db, this.leadUserId, assembled.part);
			if (!merged.ok) return this.#fail(merged.code);
			this.report = merged.report;
			this.refusal = null;
		} finally {
			this.busy = false;
		}
	}

	/** A whole-part refusal: the codes read are dropped, so a new reading starts clean. */
	#fail(code: ReceiveRefusal): void {
		this.refusal = code;
		this.#collector.reset();
		this.#sync();
	}

	reset(): void {
		this.#collector.reset();
		this.refusal = null;
		this.report = null;
		this.#sync();
	}

	#sync(): void {
		this.received = this.#collector.received;
		this.total = this.#collector.total;
		this.missing = this.#collector.missing();
	}
}
