/**
 * Reads QR codes from the back camera: a frame every SCAN_INTERVAL_MS is drawn to a canvas and
 * handed to the decoder. getUserMedia needs a secure context and the person's permission; where
 * it is missing (an old browser, a webview, permission refused) the screen offers reading
 * pictures instead.
 */
import type { DecodeQr } from './load-decoder';

const SCAN_INTERVAL_MS = 150;

export const cameraAvailable = (): boolean => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

export interface CameraScan {
	stop(): void;
}

/** Starts the camera into `video` and calls `onTexts` with what each frame shows. Throws when refused. */
export async function startCameraScan(video: HTMLVideoElement, decode: DecodeQr, onTexts: (texts: string[]) => void): Promise<CameraScan> {
	const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
	video.srcObject = stream;
	// iOS Safari plays inline only with these set, and only after a user gesture (the start button).
	video.setAttribute('playsinline', '');
	video.muted = true;
	await video.play();
	const canvas = document.createElement('canvas');
	const context = canvas.getContext('2d', { willReadFrequently: true })!;
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const frame = async () => {
		if (stopped) return;
		if (video.videoWidth > 0) {
			canvas.width = video.videoWidth;
			canvas.height = video.videoHeight;
			context.drawImage(video, 0, 0);
			const texts = await decode(context.getImageData(0, 0, canvas.width, canvas.height)).catch(() => []);
			if (!stopped && texts.length > 0) onTexts(texts);
		}
		if (!stopped) timer = setTimeout(() => void frame(), SCAN_INTERVAL_MS);
	};
	void frame();
	return {
		stop() {
			stopped = true;
			clearTimeout(timer);
			for (const track of stream.getTracks()) track.stop();
			video.srcObject = null;
		}
	};
}
