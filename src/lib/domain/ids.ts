/**
 * Client-generated identifiers. Every entity gets a UUIDv7 on the device that creates it, so
 * an offline device never needs the server to name things and a retried write can never mint
 * a second row. v7 sorts by creation time, which keeps IndexedDB and SQL indexes append-mostly.
 */
import { z } from 'zod';

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

export const idSchema = z.uuid({ message: 'invalid_id' });
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'invalid_sha256' });
