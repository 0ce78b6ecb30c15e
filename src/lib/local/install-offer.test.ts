import { describe, expect, it } from 'vitest';
import { isIosSafari, offerFor, type Device } from './install-offer.svelte';

const iphoneSafari =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const iphoneChrome =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1';
const ipadSafari = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const android = 'Mozilla/5.0 (Linux; Android 14; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

const device = (userAgent: string, extra: Partial<Device> = {}): Device => ({ userAgent, maxTouchPoints: 5, ...extra });
const NOW = Date.UTC(2026, 11, 6);
const DAY = 24 * 3600_000;

describe('install offer', () => {
	it('recognises Safari on iPhone and iPad, not Chrome on iOS (which cannot install) nor a Mac', () => {
		expect(isIosSafari(device(iphoneSafari))).toBe(true);
		expect(isIosSafari(device(ipadSafari))).toBe(true);
		expect(isIosSafari(device(ipadSafari, { maxTouchPoints: 0 }))).toBe(false); // a Mac
		expect(isIosSafari(device(iphoneChrome))).toBe(false);
		expect(isIosSafari(device(android))).toBe(false);
	});

	it('offers the captured prompt on Android, the guide on iOS Safari, nothing once installed', () => {
		expect(offerFor(device(android), true, null, NOW)).toBe('prompt');
		expect(offerFor(device(android), false, null, NOW)).toBeNull();
		expect(offerFor(device(iphoneSafari), false, null, NOW)).toBe('ios');
		expect(offerFor(device(iphoneSafari, { standalone: true }), false, null, NOW)).toBeNull();
		expect(offerFor(device(android, { displayStandalone: true }), true, null, NOW)).toBeNull();
	});

	it('remembers a dismissal for a month, then offers again', () => {
		expect(offerFor(device(iphoneSafari), false, NOW - 29 * DAY, NOW)).toBeNull();
		expect(offerFor(device(android), true, NOW - DAY, NOW)).toBeNull();
		expect(offerFor(device(iphoneSafari), false, NOW - 31 * DAY, NOW)).toBe('ios');
	});
});
