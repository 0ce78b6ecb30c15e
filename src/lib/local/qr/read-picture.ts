/**
 * The QR codes in a chosen picture. zxing-wasm reads PNG, JPEG, GIF and BMP itself; a picture in
 * a format it does not know (HEIC from an iPhone's library, some WebP) is first decoded by the
 * browser, drawn on a canvas and read from its pixels.
 */
import type { DecodeQr } from './load-decoder';

export async function readPicture(decode: DecodeQr, picture: Blob): Promise<string[]> {
	const direct = await decode(picture).catch(() => []);
	if (direct.length > 0 || typeof createImageBitmap === 'undefined') return direct;
	try {
		const bitmap = await createImageBitmap(picture);
		const canvas = document.createElement('canvas');
		canvas.width = bitmap.width;
		canvas.height = bitmap.height;
		const context = canvas.getContext('2d', { willReadFrequently: true })!;
		context.drawImage(bitmap, 0, 0);
		bitmap.close();
		return await decode(context.getImageData(0, 0, canvas.width, canvas.height));
	} catch {
		return [];
	}
}
