/**
 * The QR decoder for the receiving screen, loaded on first use only (zxing-wasm's module and its
 * ~950 KB .wasm stay out of every other screen's load). The .wasm is one of the app's own built
 * files, so the service worker precaches it and it loads with no network.
 */
import type { decodeQrTexts } from './qr-decoder';

export type DecodeQr = typeof decodeQrTexts;

let loading: Promise<DecodeQr> | null = null;

export function loadQrDecoder(): Promise<DecodeQr> {
	loading ??= (async () => {
		const [{ configureQrDecoder, decodeQrTexts }, { default: wasmUrl }] = await Promise.all([
			import('./qr-decoder'),
			import('zxing-wasm/reader/zxing_reader.wasm?url')
		]);
		configureQrDecoder({ wasmUrl });
		return decodeQrTexts;
	})();
	// A failed load (an old cache, a broken file) is tried again the next time.
	loading.catch(() => (loading = null));
	return loading;
}
