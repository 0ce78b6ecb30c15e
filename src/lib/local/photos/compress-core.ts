/**
 * Decode → resize → JPEG, written once for both the worker (OffscreenCanvas) and the main
 * thread fallback (HTMLCanvasElement on browsers without OffscreenCanvas, e.g. iOS < 16.4).
 */
import { fitWithin, PHOTO_MAX_SIDE, PHOTO_QUALITY, sha256Hex } from './image-size';

export interface CompressedPhoto {
	bytes: ArrayBuffer;
	mime: 'image/jpeg';
	sha256: string;
	width: number;
	height: number;
}

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;

async function toJpeg(canvas: AnyCanvas): Promise<Blob> {
	if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
	return new Promise((resolve, reject) =>
		canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', PHOTO_QUALITY)
	);
}

export async function compressWith(source: Blob, makeCanvas: (w: number, h: number) => AnyCanvas): Promise<CompressedPhoto> {
	// from-image applies the EXIF orientation, so phone photos are not sideways.
	const bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
	try {
		const { width, height } = fitWithin(bitmap.width, bitmap.height, PHOTO_MAX_SIDE);
		const canvas = makeCanvas(width, height);
		// Narrowed first, as in toJpeg: getContext('2d') on the union has one type under the DOM lib
		// and another under the worker lib (this file is checked under both), so an assertion was
		// needed under one and flagged as redundant under the other.
		const ctx = 'convertToBlob' in canvas ? canvas.getContext('2d') : canvas.getContext('2d');
		if (!ctx) throw new Error('2D canvas unavailable');
		ctx.drawImage(bitmap, 0, 0, width, height);
		const bytes = await (await toJpeg(canvas)).arrayBuffer();
		return { bytes, mime: 'image/jpeg', sha256: await sha256Hex(bytes), width, height };
	} finally {
		bitmap.close();
	}
}
