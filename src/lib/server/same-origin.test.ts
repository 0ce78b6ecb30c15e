import { describe, expect, it } from 'vitest';
import { isCrossOriginWrite } from './same-origin';

const url = new URL('https://kiemtra.example.vn/api/sync/push');
const req = (method: string, headers: Record<string, string>) => new Request(url, { method, headers });

describe('isCrossOriginWrite', () => {
	it('refuses a write from another origin, including JSON', () => {
		expect(isCrossOriginWrite(req('POST', { origin: 'https://evil.example' }), url)).toBe(true);
		expect(isCrossOriginWrite(req('PUT', { 'sec-fetch-site': 'cross-site' }), url)).toBe(true);
	});
	it('lets same-origin writes, reads and tools without browser headers through', () => {
		expect(isCrossOriginWrite(req('POST', { origin: 'https://kiemtra.example.vn' }), url)).toBe(false);
		expect(isCrossOriginWrite(req('GET', { origin: 'https://evil.example' }), url)).toBe(false);
		expect(isCrossOriginWrite(req('POST', {}), url)).toBe(false);
	});
});
