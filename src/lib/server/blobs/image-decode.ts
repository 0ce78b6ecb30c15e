/**
 * The second look at an upload, after the magic bytes (image-type.ts): the whole image is decoded
 * with sharp (libvips), so a PNG header followed by garbage, a truncated JPEG or a format other
 * than the one its first bytes claim is refused before it is stored.
 *
 * - sharp decodes on libuv's thread pool: the event loop is not held while a photo decodes.
 * - `limitInputPixels` is checked from the header, before any pixel is decoded: a small file that
 *   would expand to gigabytes (a decompression bomb) is refused without allocating them.
 * - `stats()` walks every pixel through libvips' streaming pipeline (no full-size buffer kept),
 *   and `failOn: 'warning'` makes libjpeg's "premature end" and libpng's CRC warnings refusals.
 * - Nothing is re-encoded: the stored bytes are the device's, so their SHA-256, EXIF orientation
 *   and everything else in the evidence stay exactly as taken.
 */
import sharp from 'sharp';
import type { ImageMime } from './image-type';

/**
 * Largest image accepted, in pixels. The device shrinks photos to 1600 px on the long side
 * (photos/image-size.ts), about 2 MP; 40 MP still takes an untouched photo from any phone camera
 * while bounding what one decode may allocate (40 MP × 4 channels = 160 MB at most).
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

export interface DecodedImage {
	width: number;
	height: number;
}

export type DecodeRefusal = {
	ok: false;
	status: 413 | 415 | 422;
	code: 'image_too_many_pixels' | 'image_type_mismatch' | 'image_undecodable';
	message: string;
};

const formats: Record<string, ImageMime> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Decodes the file at `path` in full; `sniffed` is what its first bytes said it is. */
export async function decodeImage(
	path: string,
	sniffed: ImageMime,
	maxPixels = MAX_IMAGE_PIXELS
): Promise<({ ok: true } & DecodedImage) | DecodeRefusal> {
	const image = sharp(path, { failOn: 'warning', limitInputPixels: maxPixels, sequentialRead: true });
	try {
		const meta = await image.metadata();
		if (formats[meta.format ?? ''] !== sniffed) {
			return {
				ok: false,
				status: 415,
				code: 'image_type_mismatch',
				message: `The bytes start like ${sniffed} but decode as ${meta.format ?? 'nothing known'}`
			};
		}
		await image.stats();
		return { ok: true, width: meta.width ?? 0, height: meta.height ?? 0 };
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		if (/pixel limit/i.test(detail)) {
			return {
				ok: false,
				status: 413,
				code: 'image_too_many_pixels',
				message: `The image has too many pixels (at most ${maxPixels.toLocaleString('en')})`
			};
		}
		return { ok: false, status: 422, code: 'image_undecodable', message: `The image cannot be decoded: ${detail.trim()}` };
	}
}
