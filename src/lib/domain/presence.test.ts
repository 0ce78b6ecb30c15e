import { describe, expect, it } from 'vitest';
import { PRESENCE_DEFAULTS, distanceM, presenceFlags, printedPosition, type PresenceFacts } from './presence';

// Hoàn Kiếm ward office, roughly; 0.001° of latitude is about 111 m.
const unit = { lat: 21.0285, lng: 105.8542 };
const fix = (dLat: number, accuracyM = 20) => ({ lat: unit.lat + dLat, lng: unit.lng, accuracyM, capturedAt: '2026-11-25T01:00:00.000Z' });

function facts(over: Partial<PresenceFacts> = {}): PresenceFacts {
	return {
		startedAt: '2026-11-25T08:00:00+07:00',
		startPosition: fix(0.0005),
		signatures: [
			{ role: 'inspector', signedAt: '2026-11-25T10:00:00+07:00', position: fix(0.0002) },
			{ role: 'unit_rep', signedAt: '2026-11-25T10:05:00+07:00', position: fix(0.0001) }
		],
		unitLocation: unit,
		...over
	};
}

describe('distanceM', () => {
	it('measures great-circle distance in metres', () => {
		expect(distanceM(unit, unit)).toBe(0);
		expect(distanceM(unit, { lat: unit.lat + 0.01, lng: unit.lng })).toBeCloseTo(1112, -1);
		// Hà Nội to Thành phố Hồ Chí Minh is about 1,140 km as the crow flies.
		expect(distanceM(unit, { lat: 10.7769, lng: 106.7009 }) / 1000).toBeGreaterThan(1100);
		expect(distanceM(unit, { lat: 10.7769, lng: 106.7009 }) / 1000).toBeLessThan(1200);
	});
});

describe('presenceFlags', () => {
	it('raises nothing for a visit started and signed at the unit on the same morning', () => {
		expect(presenceFlags(facts())).toEqual([]);
	});

	it('flags a start far from the unit, allowing for the accuracy of the fix', () => {
		// About 890 m away with 20 m accuracy: beyond 500 m.
		expect(presenceFlags(facts({ startPosition: fix(0.008) }))).toEqual([{ code: 'started_far', distanceM: 890, accuracyM: 20 }]);
		// The same fix with 400 m accuracy may have been 490 m away: not flagged.
		expect(presenceFlags(facts({ startPosition: fix(0.008, 400) }))).toEqual([]);
		// Just inside the limit.
		expect(presenceFlags(facts({ startPosition: fix(0.0044, 0) }))).toEqual([]);
		expect(presenceFlags(facts({ startPosition: fix(0.0046, 0) }))[0]?.code).toBe('started_far');
	});

	it('flags a signature given far from the unit', () => {
		const f = facts();
		const signatures = [f.signatures[0]!, { ...f.signatures[1]!, position: fix(0.02) }];
		expect(presenceFlags({ ...f, signatures })).toEqual([{ code: 'signed_far', role: 'unit_rep', distanceM: 2224, accuracyM: 20 }]);
	});

	it('flags a signature given long after the start, whatever the time zone notation', () => {
		const f = facts();
		const late = { ...f.signatures[0]!, signedAt: '2026-11-25T09:30:00.000Z' }; // 16:30 Hà Nội: 8.5 h
		expect(presenceFlags({ ...f, signatures: [late] })).toEqual([]);
		const nextDay = { ...f.signatures[0]!, signedAt: '2026-11-26T08:00:00+07:00' };
		expect(presenceFlags({ ...f, signatures: [nextDay] })).toEqual([{ code: 'signed_late', role: 'inspector', hours: 24 }]);
		expect(presenceFlags({ ...f, signatures: [nextDay] }, { ...PRESENCE_DEFAULTS, maxSignDelayHours: 48 })).toEqual([]);
	});

	it('flags missing positions and a unit without a location, and checks no distance then', () => {
		const f = facts({ startPosition: null, unitLocation: null });
		const signatures = [
			{ role: 'inspector' as const, signedAt: f.signatures[0]!.signedAt, position: { unavailable: 'denied' as const } },
			{ role: 'unit_rep' as const, signedAt: f.signatures[1]!.signedAt }
		];
		expect(presenceFlags({ ...f, signatures })).toEqual([
			{ code: 'unit_location_missing' },
			{ code: 'start_position_missing' },
			{ code: 'signature_position_missing', role: 'inspector' },
			{ code: 'signature_position_missing', role: 'unit_rep' }
		]);
		// Without a unit location a far fix cannot be judged far.
		expect(presenceFlags(facts({ unitLocation: null, startPosition: fix(1) }))).toEqual([{ code: 'unit_location_missing' }]);
	});

	it('lists flags in a stable order whatever the order of the signatures', () => {
		const f = facts({ startPosition: fix(0.01) });
		const late = f.signatures.map((s) => ({ ...s, signedAt: '2026-11-27T00:00:00Z', position: fix(0.03) }));
		const a = presenceFlags({ ...f, signatures: late });
		expect(presenceFlags({ ...f, signatures: [...late].reverse() })).toEqual(a);
		expect(a.map((x) => x.code)).toEqual(['started_far', 'signed_far', 'signed_late', 'signed_far', 'signed_late']);
	});
});

describe('printedPosition', () => {
	it('prints coordinates, accuracy and the time in Vietnam, or why there is none', () => {
		expect(printedPosition({ lat: 21.02851, lng: 105.854204, accuracyM: 12.4, capturedAt: '2026-11-25T01:29:00Z' })).toMatch(
			/^21\.02851, 105\.85420 \(sai số ± 12 m\), lúc .*08.*29/
		);
		expect(printedPosition({ unavailable: 'denied' })).toBe('không ghi nhận được (không được cấp quyền định vị)');
	});
});
