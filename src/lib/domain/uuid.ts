/**
 * UUIDv7 minting without zod: the modules a page's first paint loads (the outbox, actions) make
 * ids but do not validate them, so they import this instead of ids.ts and its schemas.
 */
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** RFC 9562 UUID version 7: 48-bit Unix ms timestamp, then random bits. */
export function uuidv7(now: number = Date.now()): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	let ts = now;
	for (let i = 5; i >= 0; i--) {
		bytes[i] = ts % 256;
		ts = Math.floor(ts / 256);
	}
	bytes[6] = (bytes[6]! & 0x0f) | 0x70;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const h = hex(bytes);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
