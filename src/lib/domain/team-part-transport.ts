/**
 * A signed part as a sequence of QR codes, and back (issue 17, no network at all).
 *
 * Sending: the part's JSON is deflated (fflate), hashed (SHA-256 of the deflated bytes) and its
 * base64url text cut into chunks. Each QR code carries one chunk behind a header:
 *
 *     KTMC1/<index>/<total>/<hash>/<data>
 *
 * `KTMC1` the transport version, `index` 1-based, `total` the number of codes, `hash` the
 * base64url SHA-256 of the whole deflated part (43 characters), `data` this chunk's slice.
 *
 * Receiving: chunks are collected in any order, repeats ignored; a code of another transfer or a
 * second, different text for one index is refused. Only when every index is there are they
 * joined, the hash checked, the bytes inflated and the JSON parsed as a signed part. A partly
 * read or altered sequence is refused with a code and nothing is merged; the signature
 * (team-part.ts) then decides whether the part is the member's.
 *
 * Pure and shared (fflate and WebCrypto run in browsers and Node).
 */
import { deflateSync, inflateSync } from 'fflate';
import { fromBase64url, signedPartSchema, toBase64url, type SignedPart } from './team-part';

export const TRANSPORT_VERSION = 'KTMC1';
/** Characters of data per code: with the header, a version-17 QR code at error correction M. */
export const DEFAULT_CHUNK_CHARS = 400;
export const MAX_CHUNKS = 200;
/** A part is refused beyond this many bytes once inflated (what deflates 1000:1 is no part). */
const MAX_INFLATED_BYTES = 4_000_000;

const chunkPattern = /^KTMC(\d+)\/(\d{1,3})\/(\d{1,3})\/([A-Za-z0-9_-]{43})\/([A-Za-z0-9_-]+)$/;

export interface Chunk {
	index: number;
	total: number;
	hash: string;
	data: string;
}

/** Why a scanned code or a sequence was refused; the screen words each one. */
export type TransportRefusal =
	'not_a_part_code' | 'unsupported_version' | 'other_transfer' | 'chunk_mismatch' | 'incomplete' | 'hash_mismatch' | 'unreadable';

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
	return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

/** The texts of the QR codes that carry `part`, in order. */
export async function partToChunks(part: SignedPart, chunkChars = DEFAULT_CHUNK_CHARS): Promise<string[]> {
	const deflated = deflateSync(new TextEncoder().encode(JSON.stringify(part)), { level: 9 });
	const hash = await sha256(deflated);
	const text = toBase64url(deflated);
	const total = Math.ceil(text.length / chunkChars);
	if (total > MAX_CHUNKS) throw new Error(`part too large for QR transfer: ${total} codes`);
	return Array.from(
		{ length: total },
		(_, i) => `${TRANSPORT_VERSION}/${i + 1}/${total}/${hash}/${text.slice(i * chunkChars, (i + 1) * chunkChars)}`
	);
}

export type ParsedChunk = { ok: true; chunk: Chunk } | { ok: false; code: 'not_a_part_code' | 'unsupported_version' };

export function parseChunk(text: string): ParsedChunk {
	const match = chunkPattern.exec(text.trim());
	if (!match) return { ok: false, code: 'not_a_part_code' };
	if (`KTMC${match[1]}` !== TRANSPORT_VERSION) return { ok: false, code: 'unsupported_version' };
	const index = Number(match[2]);
	const total = Number(match[3]);
	if (total < 1 || total > MAX_CHUNKS || index < 1 || index > total) return { ok: false, code: 'not_a_part_code' };
	return { ok: true, chunk: { index, total, hash: match[4]!, data: match[5]! } };
}

export type AddResult = { status: 'added' | 'repeat'; chunk: Chunk } | { status: 'refused'; code: TransportRefusal };

/**
 * The codes read so far of one transfer. The first code fixes the transfer (its hash and total);
 * `reset` starts over, for instance to read another member's part.
 */
export class ChunkCollector {
	#hash: string | null = null;
	#total = 0;
	#chunks = new Map<number, string>();

	get total(): number {
		return this.#total;
	}
	get received(): number {
		return this.#chunks.size;
	}
	get complete(): boolean {
		return this.#total > 0 && this.#chunks.size === this.#total;
	}
	/** The 1-based indexes still missing, in order. */
	missing(): number[] {
		return Array.from({ length: this.#total }, (_, i) => i + 1).filter((i) => !this.#chunks.has(i));
	}
	has(index: number): boolean {
		return this.#chunks.has(index);
	}

	add(text: string): AddResult {
		const parsed = parseChunk(text);
		if (!parsed.ok) return { status: 'refused', code: parsed.code };
		const { chunk } = parsed;
		if (this.#hash === null) {
			this.#hash = chunk.hash;
			this.#total = chunk.total;
		} else if (chunk.hash !== this.#hash || chunk.total !== this.#total) {
			return { status: 'refused', code: 'other_transfer' };
		}
		const known = this.#chunks.get(chunk.index);
		if (known === chunk.data) return { status: 'repeat', chunk };
		// Same transfer, same place, other content: one of the two was altered.
		if (known !== undefined) return { status: 'refused', code: 'chunk_mismatch' };
		this.#chunks.set(chunk.index, chunk.data);
		return { status: 'added', chunk };
	}

	reset(): void {
		this.#hash = null;
		this.#total = 0;
		this.#chunks.clear();
	}

	/**
	 * Joins the chunks into the signed part they carry. Refused as `incomplete` while a code is
	 * missing, `hash_mismatch` when the joined bytes are not the ones hashed by the sender, and
	 * `unreadable` when they do not inflate into a signed part of this format.
	 */
	async assemble(): Promise<{ ok: true; part: SignedPart } | { ok: false; code: TransportRefusal }> {
		if (!this.complete || this.#hash === null) return { ok: false, code: 'incomplete' };
		const text = Array.from({ length: this.#total }, (_, i) => this.#chunks.get(i + 1)!).join('');
		let deflated: Uint8Array<ArrayBuffer>;
		try {
			deflated = fromBase64url(text);
		} catch {
			return { ok: false, code: 'hash_mismatch' };
		}
		if ((await sha256(deflated)) !== this.#hash) return { ok: false, code: 'hash_mismatch' };
		try {
			const inflated = inflateSync(deflated);
			if (inflated.length > MAX_INFLATED_BYTES) return { ok: false, code: 'unreadable' };
			const parsed = signedPartSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated)));
			return parsed.success ? { ok: true, part: parsed.data } : { ok: false, code: 'unreadable' };
		} catch {
			return { ok: false, code: 'unreadable' };
		}
	}
}
