/** Size arithmetic for photo compression; pure so it can be tested and shared with the worker. */

/** Scales (width, height) down so the long side is at most `maxSide`; never scales up. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
	const long = Math.max(width, height);
	if (long <= maxSide) return { width, height };
	const k = maxSide / long;
	return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;
