/**
 * Cross-site request refusal for the JSON API: a write whose Origin (or, lacking it, whose
 * Sec-Fetch-Site) says it came from another site is refused, whatever its content type.
 * SvelteKit's own CSRF check covers only form content types.
 */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isCrossOriginWrite(request: Request, url: URL): boolean {
	if (!WRITE_METHODS.has(request.method)) return false;
	const origin = request.headers.get('origin');
	if (origin) return origin !== url.origin;
	const site = request.headers.get('sec-fetch-site');
	return site !== null && site !== 'same-origin' && site !== 'none';
}
