/**
 * Real, decodable photos for tests: the server decodes every upload (blobs/image-decode.ts), so
 * magic bytes followed by noise are no longer "an image". Each call returns a new hash: a tiny
 * image is made once per format, and every copy carries its own random filler in a block each
 * decoder skips by its length (a JPEG comment, a private PNG chunk, an unknown RIFF chunk in a
 * WebP), padded out to about the size asked for.
 */
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { PhotoMeta } from '$lib/domain/inspection';

export interface TestImage {
	bytes: Uint8Array<ArrayBuffer>;
	sha256: string;
	mime: PhotoMeta['mime'];
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const pixels = { raw: { width: 8, height: 6, channels: 3 as const } };
const noise = randomBytes(8 * 6 * 3);
const base = {
	jpeg: await sharp(noise, pixels).jpeg().toBuffer(),
	png: await sharp(noise, pixels).png().toBuffer(),
	webp: await sharp(noise, pixels).webp().toBuffer()
};

/** JPEG: COM segments (0xFFFE, at most 65,533 bytes each) right after the start-of-image marker. */
function paddedJpeg(size: number): Buffer {
	// n segments cost 4n bytes of headers: the smallest n whose headers and filler make `size`.
	let n = 1;
	while (size - base.jpeg.length - 4 * n > 65_533 * n) n++;
	const filler = size - base.jpeg.length - 4 * n;
	const segments: Buffer[] = [];
	for (let left = Math.max(filler, 16); left > 0; left -= 65_533) {
		const data = randomBytes(Math.min(left, 65_533));
		const head = Buffer.from([0xff, 0xfe, 0, 0]);
		head.writeUInt16BE(data.length + 2, 2);
		segments.push(head, data);
	}
	return Buffer.concat([base.jpeg.subarray(0, 2), ...segments, base.jpeg.subarray(2)]);
}

/** PNG: one private ancillary chunk (`prVt`) before IEND; readers skip chunks they do not know. */
function paddedPng(filler: number): Buffer {
	const data = randomBytes(Math.max(filler, 16));
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write('prVt', 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
	const iend = base.png.length - 12;
	return Buffer.concat([base.png.subarray(0, iend), head, data, crc, base.png.subarray(iend)]);
}

/** WebP: an unknown RIFF chunk at the end (even length, as RIFF wants), with the RIFF size fixed. */
function paddedWebp(filler: number): Buffer {
	const data = randomBytes(Math.max(filler + (filler % 2), 16));
	const head = Buffer.alloc(8);
	head.write('XTST', 0, 'ascii');
	head.writeUInt32LE(data.length, 4);
	const file = Buffer.concat([base.webp, head, data]);
	file.writeUInt32LE(file.length - 8, 4);
	return file;
}

function image(file: Buffer, mime: TestImage['mime']): TestImage {
	const bytes = new Uint8Array(new ArrayBuffer(file.byteLength));
	bytes.set(file);
	return { bytes, sha256: sha256Of(bytes), mime };
}

/** About `size` bytes (never less than the bare image plus a few bytes of filler). */
export const jpegImage = (size = 2048) => image(paddedJpeg(size), 'image/jpeg');
export const pngImage = (size = 512) => image(paddedPng(size - base.png.length - 12), 'image/png');
export const webpImage = (size = 1024) => image(paddedWebp(size - base.webp.length - 8), 'image/webp');
