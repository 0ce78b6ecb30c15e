/**
 * Downloads an export file (docs/exports.md) with its progress: the bytes arrive as the server
 * streams them, so the screen shows how many have come rather than a spinner with no end (a
 * national file takes tens of seconds). Online only; nothing is kept on the device afterwards.
 */
import { errorBodySchema } from '$lib/domain/protocol';
import { AdminApiError } from './admin-api';

export interface DownloadProgress {
	bytes: number;
	done: boolean;
}

/** The file name the server gave in Content-Disposition, or `fallback`. */
function fileNameOf(response: Response, fallback: string): string {
	const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
	return match?.[1] ?? fallback;
}

/**
 * Fetches `url`, reporting bytes received through `onProgress`, then hands the file to the
 * browser as a download. Refusals throw AdminApiError with the server's code, like the admin calls.
 */
export async function downloadWithProgress(
	url: string,
	fallbackName: string,
	onProgress: (p: DownloadProgress) => void,
	signal?: AbortSignal
): Promise<{ bytes: number; fileName: string }> {
	let response: Response;
	try {
		response = await fetch(url, { credentials: 'same-origin', signal });
	} catch {
		throw new AdminApiError(0, 'admin_offline', 'Cannot reach the server');
	}
	if (!response.ok || !response.body) {
		const refused = errorBodySchema.safeParse(await response.json().catch(() => null));
		if (!refused.success) throw new AdminApiError(response.status, `http_${response.status}`, `HTTP ${response.status}`);
		const { code, message, field } = refused.data.error;
		throw new AdminApiError(response.status, code, message, field);
	}
	const parts: Uint8Array<ArrayBuffer>[] = [];
	let bytes = 0;
	const reader = response.body.getReader();
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		parts.push(value);
		bytes += value.byteLength;
		onProgress({ bytes, done: false });
	}
	onProgress({ bytes, done: true });
	const fileName = fileNameOf(response, fallbackName);
	const link = document.createElement('a');
	link.href = URL.createObjectURL(new Blob(parts, { type: response.headers.get('content-type') ?? 'application/octet-stream' }));
	link.download = fileName;
	document.body.append(link);
	link.click();
	link.remove();
	// The browser has taken the file once click() returns; the URL is only needed until then.
	setTimeout(() => URL.revokeObjectURL(link.href), 1000);
	return { bytes, fileName };
}
