/**
 * Proof of presence (issue 16): warnings for the supervisor about where and when a visit was
 * started and signed, measured against the unit's location. Pure and shared. A flag never
 * blocks anything: a phone may have had no fix indoors, a unit may have moved, a record may
 * have been signed the next morning for good reason; the supervisor reads the reason and judges.
 */
import { formatDateTime } from './dates';
import type { GeoPosition, SignaturePosition, SignerRole } from './inspection';

/** Defaults, documented in docs/record-verification.md ("Proof of presence"). */
export const PRESENCE_DEFAULTS = {
	/** Started (or signed) farther than this from the unit, after allowing for accuracy. */
	maxDistanceM: 500,
	/** Signed more than this many hours after the visit started. */
	maxSignDelayHours: 12
} as const;
export type PresenceLimits = { maxDistanceM: number; maxSignDelayHours: number };

export interface LatLng {
	lat: number;
	lng: number;
}

export interface PresenceFacts {
	startedAt: string;
	/** The fix taken at start, or null when the device had none. */
	startPosition: GeoPosition | null;
	signatures: readonly { role: SignerRole; signedAt: string; position?: SignaturePosition }[];
	/** The unit's location (migration 016), or null when the admin has not set it. */
	unitLocation: LatLng | null;
}

export type PresenceFlag =
	| { code: 'unit_location_missing' }
	| { code: 'start_position_missing' }
	| { code: 'started_far'; distanceM: number; accuracyM: number }
	| { code: 'signature_position_missing'; role: SignerRole }
	| { code: 'signed_far'; role: SignerRole; distanceM: number; accuracyM: number }
	| { code: 'signed_late'; role: SignerRole; hours: number };

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in metres. */
export function distanceM(a: LatLng, b: LatLng): number {
	const dLat = rad(b.lat - a.lat);
	const dLng = rad(b.lng - a.lng);
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Far means far even at the edge of the fix's accuracy circle: a fix 800 m away with 400 m
 * accuracy may have been taken 400 m away, so it is flagged only beyond maxDistanceM + accuracy.
 */
const isFar = (fix: GeoPosition, unit: LatLng, limits: PresenceLimits) => distanceM(fix, unit) - fix.accuracyM > limits.maxDistanceM;

/** The presence warnings of one record, in a stable order (start, then each signature). */
export function presenceFlags(facts: PresenceFacts, limits: PresenceLimits = PRESENCE_DEFAULTS): PresenceFlag[] {
	const flags: PresenceFlag[] = [];
	const unit = facts.unitLocation;
	if (!unit) flags.push({ code: 'unit_location_missing' });
	if (!facts.startPosition) flags.push({ code: 'start_position_missing' });
	else if (unit && isFar(facts.startPosition, unit, limits))
		flags.push({
			code: 'started_far',
			distanceM: Math.round(distanceM(facts.startPosition, unit)),
			accuracyM: facts.startPosition.accuracyM
		});

	const started = Date.parse(facts.startedAt);
	for (const s of [...facts.signatures].sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0))) {
		const p = s.position;
		if (!p || 'unavailable' in p) flags.push({ code: 'signature_position_missing', role: s.role });
		else if (unit && isFar(p, unit, limits))
			flags.push({ code: 'signed_far', role: s.role, distanceM: Math.round(distanceM(p, unit)), accuracyM: p.accuracyM });
		const hours = (Date.parse(s.signedAt) - started) / 3_600_000;
		if (hours > limits.maxSignDelayHours) flags.push({ code: 'signed_late', role: s.role, hours: Math.round(hours * 10) / 10 });
	}
	return flags;
}

const UNAVAILABLE_VI: Record<string, string> = {
	unsupported: 'thiết bị không hỗ trợ định vị',
	denied: 'không được cấp quyền định vị',
	timeout: 'quá thời gian chờ định vị',
	unavailable: 'không có tín hiệu định vị'
};

/**
 * The printed line for a position on the biên bản (Vietnamese, like the rest of the record):
 * coordinates, accuracy and the time of the fix in Vietnam time, or why there is none.
 */
export function printedPosition(p: GeoPosition | SignaturePosition): string {
	if ('unavailable' in p) return `không ghi nhận được (${UNAVAILABLE_VI[p.unavailable] ?? p.unavailable})`;
	return `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)} (sai số ± ${Math.round(p.accuracyM)} m), lúc ${formatDateTime(p.capturedAt)}`;
}
