/// <reference lib="webworker" />
/** Compresses photos off the main thread so the checklist stays responsive. */
import { compressWith } from './compress-core';

self.onmessage = async (event: MessageEvent<{ id: number; file: Blob }>) => {
	const { id, file } = event.data;
	try {
		const photo = await compressWith(file, (w, h) => new OffscreenCanvas(w, h));
		(self as unknown as Worker).postMessage({ id, photo }, [photo.bytes]);
	} catch (err) {
		(self as unknown as Worker).postMessage({ id, error: err instanceof Error ? err.message : String(err) });
	}
};
