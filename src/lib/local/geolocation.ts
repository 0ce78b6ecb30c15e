/** One GPS fix with its accuracy, or the reason there is none (denied, unavailable, timeout). */
import type { GeoPosition } from '$lib/domain/inspection';

export type GeoResult = { ok: true; position: GeoPosition } | { ok: false; reason: string };

export function capturePosition(timeoutMs = 15000): Promise<GeoResult> {
	if (!('geolocation' in navigator)) return Promise.resolve({ ok: false, reason: 'Thiết bị không hỗ trợ định vị' });
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
					reason:
						e.code === e.PERMISSION_DENIED
							? 'Không được phép lấy vị trí'
							: e.code === e.TIMEOUT
								? 'Hết thời gian chờ tín hiệu định vị'
								: 'Không xác định được vị trí'
				}),
			{ enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60000 }
		)
	);
}
