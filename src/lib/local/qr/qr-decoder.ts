/**
 * Reads QR codes from pictures: a camera frame (ImageData) or an image file (Blob), with
 * zxing-wasm (ZXing-C++ compiled to WebAssembly, MIT). Chosen over jsQR (unmaintained since 2021)
 * and qr-scanner (its jsQR-derived worker unmaintained since 2022) for being maintained and
 * reading poor frames better, and over the BarcodeDetector API, which iOS Safari does not have.
 * It runs the same on iOS Safari (WebAssembly since iOS 11), Android and desktop, so every phone
 * reads alike. The ~950 KB module is loaded only by the receiving screen (a dynamic import).
 *
 * Where the .wasm file comes from is set once by `configureQrDecoder` (the app's own build in
 * the browser, the installed package in tests), never a CDN: the trưởng đoàn may have no network.
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

const options: ReaderOptions = { formats: ['QRCode'], tryHarder: true, tryInvert: true, maxNumberOfSymbols: 4 };

export function configureQrDecoder(source: { wasmUrl: string } | { wasmBinary: ArrayBuffer }): void {
	const overrides =
		'wasmUrl' in source
			? { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.wasmUrl : prefix + path) }
			: { wasmBinary: source.wasmBinary };
	prepareZXingModule({ overrides, fireImmediately: false });
}

/** The texts of the QR codes found in the picture (none when nothing readable is there). */
export async function decodeQrTexts(picture: ImageData | Blob | Uint8Array): Promise<string[]> {
	const results = await readBarcodes(picture, options);
	return results.filter((r) => r.isValid && r.text !== '').map((r) => r.text);
}
