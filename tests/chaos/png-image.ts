/**
 * Real, decodable PNG photos for the simulated inspectors: small RGB images whose pixels come
 * from the workload's seeded random source, so every new photo has its own SHA-256 (and a
 * reused photo shares one, which the content-addressed store must keep once).
 */
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { SeededRandom } from './seeded-random';

export interface PhotoBytes {
	bytes: Uint8Array<ArrayBuffer>;
	sha256: string;
	mime: 'image/png';
	width: number;
	height: number;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

export function makePng(random: SeededRandom): PhotoBytes {
	const width = random.int(8, 32);
	const height = random.int(8, 32);
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	// Each scanline is a filter byte (0: none) and three bytes per pixel.
	const raw = Buffer.alloc(height * (1 + width * 3));
	for (let i = 0; i < raw.length; i++) raw[i] = i % (1 + width * 3) === 0 ? 0 : random.int(0, 255);
	const file = Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0))
	]);
	const bytes = new Uint8Array(new ArrayBuffer(file.byteLength));
	bytes.set(file);
	return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), mime: 'image/png', width, height };
}
