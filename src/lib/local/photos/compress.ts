/**
 * Photo compression on the device: long side ≤ 1600 px, JPEG, with its SHA-256. Runs in a
 * worker where the browser has OffscreenCanvas, else on the main thread.
 */
import { compressWith, type CompressedPhoto } from './compress-core';

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (p: CompressedPhoto) => void; reject: (e: Error) => void }>();

function getWorker(): Worker | null {
	if (worker !== undefined) return worker;
	if (typeof OffscreenCanvas === 'undefined' || typeof Worker === 'undefined') return (worker = null);
	try {
		worker = new Worker(new URL('./compress.worker.ts', import.meta.url), { type: 'module' });
		worker.onmessage = (e: MessageEvent<{ id: number; photo?: CompressedPhoto; error?: string }>) => {
			const w = waiting.get(e.data.id);
			waiting.delete(e.data.id);
			if (e.data.photo) w?.resolve(e.data.photo);
			else w?.reject(new Error(e.data.error ?? 'compression failed'));
		};
	} catch {
		worker = null;
	}
	return worker;
}

function onMainThread(file: Blob): Promise<CompressedPhoto> {
	return compressWith(file, (w, h) => Object.assign(document.createElement('canvas'), { width: w, height: h }));
}

export async function compressPhoto(file: Blob): Promise<CompressedPhoto> {
	const w = getWorker();
	if (!w) return onMainThread(file);
	const id = nextId++;
	try {
		return await new Promise<CompressedPhoto>((resolve, reject) => {
			waiting.set(id, { resolve, reject });
			w.postMessage({ id, file });
		});
	} catch {
		// Some browsers have OffscreenCanvas but cannot decode every format in a worker.
		return onMainThread(file);
	}
}
