import { describe, expect, it } from 'vitest';
import { toDateTimeLocalValue, toLocalIso } from './time';

describe('local time strings', () => {
	it('carry the device offset and parse back to the same instant', () => {
		const d = new Date('2026-11-25T01:30:00Z');
		const s = toLocalIso(d);
		expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
		expect(new Date(s).getTime()).toBe(d.getTime());
		expect(toDateTimeLocalValue(d)).toBe(s.slice(0, 16));
	});
});
