/**
 * The client's address for throttling and the audit trail. X-Forwarded-For is believed only from
 * a proxy the operator named in TRUSTED_PROXIES (comma-separated addresses, e.g.
 * `127.0.0.1,::1` for nginx on the same machine): anyone can send the header, and believing it
 * from anywhere would let an attacker pick a fresh "address" for every guess. Leave adapter-node's
 * own ADDRESS_HEADER unset, so that the socket's peer is what this module starts from.
 */
import { isIP } from 'node:net';
import type { RequestEvent } from '@sveltejs/kit';

/** `::ffff:127.0.0.1` → `127.0.0.1`, so IPv4 peers on a dual-stack socket match the list. */
function normalize(address: string): string {
	const trimmed = address.trim();
	return trimmed.toLowerCase().startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed.toLowerCase();
}

/** The proxies named in TRUSTED_PROXIES; empty (the default) trusts no forwarded header. */
export function trustedProxies(env: Record<string, string | undefined> = process.env): ReadonlySet<string> {
	return new Set(
		(env.TRUSTED_PROXIES ?? '')
			.split(',')
			.map(normalize)
			.filter((a) => isIP(a) !== 0)
	);
}

/**
 * The peer's address, or — when the peer is a trusted proxy — the nearest address in
 * X-Forwarded-For that is not itself a trusted proxy (read from the right: the left end is
 * whatever the client wrote). 'unknown' when the server cannot tell.
 */
export function clientAddress(
	event: Pick<RequestEvent, 'getClientAddress' | 'request'>,
	trusted: ReadonlySet<string> = trustedProxies()
): string {
	let peer: string;
	try {
		peer = normalize(event.getClientAddress());
	} catch {
		// Not available (prerendering, some adapters): every such request shares one bucket.
		return 'unknown';
	}
	if (!trusted.has(peer)) return peer;
	const hops = (event.request.headers.get('x-forwarded-for') ?? '').split(',').map(normalize).filter(Boolean);
	for (let i = hops.length - 1; i >= 0; i--) {
		const hop = hops[i]!;
		if (trusted.has(hop)) continue;
		return isIP(hop) !== 0 ? hop : peer;
	}
	return peer;
}
