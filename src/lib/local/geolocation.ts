/** One GPS fix with its accuracy, or the reason there is none (denied, unavailable, timeout). */
import type { GeoPosition, SignaturePosition } from '$lib/domain/inspection';

/** Why there is no fix, as a code the UI words. */
export type GeoFailure = 'unsupported' | 'denied' | 'timeout' | 'unavailable';
export type GeoResult = { ok: true; position: GeoPosition } | { ok: false; reason: GeoFailure };

export function capturePosition(timeoutMs = 15000): Promise<GeoResult> {
	if (!('geolocation' in navigator)) return Promise.resolve({ ok: false, reason: 'unsupported' });
	return new Promise((resolve) =>
		navigator.geolocation.getCurrentPosition(
			(p) =>
				resolve({
					ok: true,
					position: {
						lat: p.coords.latitude,
						lng: p.coords.longitude,
						accuracyM: Math.round(p.coords.accuracy),
						capturedAt: new Date(p.timestamp).toISOString()
					}
				}),
			(e) =>
				resolve({
					ok: false,
					reason: e.code === e.PERMISSION_DENIED ? 'denied' : e.code === e.TIMEOUT ? 'timeout' : 'unavailable'
				}),
			{ enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60000 }
		)
	);
}

/**
 * Where the device is as a signature is given (proof of presence): a fix, or why there is none.
 * Shorter wait than at the start: the signer is holding the phone; a recent fix (one minute) will do.
 */
export async function signingPosition(timeoutMs = 8000): Promise<SignaturePosition> {
	const r = await capturePosition(timeoutMs);
	if (!r.ok) return { unavailable: r.reason };
	// A fix of 0 m accuracy is not a measurement; the server accepts only a positive one.
	return { ...r.position, accuracyM: Math.max(1, r.position.accuracyM) };
}
