import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies } from './client-address';

function event(peer: string, forwardedFor?: string) {
	const headers = forwardedFor === undefined ? undefined : { 'x-forwarded-for': forwardedFor };
	return { getClientAddress: () => peer, request: new Request('http://localhost/api/auth/login', { headers }) };
}

describe('client address', () => {
	it('ignores X-Forwarded-For unless TRUSTED_PROXIES names the peer', () => {
		expect(clientAddress(event('198.51.100.1', '1.2.3.4'), trustedProxies({}))).toBe('198.51.100.1');
		expect(clientAddress(event('198.51.100.1', '1.2.3.4'), trustedProxies({ TRUSTED_PROXIES: '127.0.0.1' }))).toBe('198.51.100.1');
	});

	it('takes the nearest untrusted hop from a trusted proxy, not what the client wrote on the left', () => {
		const trusted = trustedProxies({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.2' });
		expect(clientAddress(event('::ffff:127.0.0.1', '6.6.6.6, 203.0.113.5'), trusted)).toBe('203.0.113.5');
		expect(clientAddress(event('127.0.0.1', '203.0.113.5, 10.0.0.2'), trusted)).toBe('203.0.113.5');
		// No header, or garbage in it: the proxy itself.
		expect(clientAddress(event('127.0.0.1'), trusted)).toBe('127.0.0.1');
		expect(clientAddress(event('127.0.0.1', 'not-an-address'), trusted)).toBe('127.0.0.1');
	});

	it('says unknown when the adapter cannot tell', () => {
		const broken = {
			getClientAddress: () => {
				throw new Error('no address');
			},
			request: new Request('http://localhost/')
		};
		expect(clientAddress(broken, new Set())).toBe('unknown');
	});

	it('reads only valid addresses from TRUSTED_PROXIES', () => {
		expect([...trustedProxies({ TRUSTED_PROXIES: '127.0.0.1,,nginx, ::1 ' })]).toEqual(['127.0.0.1', '::1']);
	});
});
