/**
 * The session cookie: HttpOnly (scripts never see the token), SameSite=Lax (not sent on
 * cross-site POSTs, so no CSRF token is needed for the JSON API), Secure whenever the site is
 * served over HTTPS, and scoped to the whole site.
 */
import type { Cookies, RequestEvent } from '@sveltejs/kit';

export const SESSION_COOKIE = 'ktmc_session';

type CookieOptions = Parameters<Cookies['set']>[2];

/**
 * HTTPS as the browser sees it: the request URL (adapter-node builds it from ORIGIN or the
 * PROTOCOL_HEADER) or, behind a proxy that was not configured for that, an https ORIGIN.
 */
export function isHttps(url: URL): boolean {
	return url.protocol === 'https:' || (process.env.ORIGIN ?? '').startsWith('https:');
}

export function sessionCookieOptions(url: URL, expiresAt: Date, now = Date.now()): CookieOptions {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isHttps(url),
		maxAge: Math.max(0, Math.round((expiresAt.getTime() - now) / 1000))
	};
}

type CookieEvent = Pick<RequestEvent, 'cookies' | 'url'>;

export function setSessionCookie(event: CookieEvent, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, expiresAt));
}

export function clearSessionCookie(event: CookieEvent): void {
	const { maxAge: _, ...options } = sessionCookieOptions(event.url, new Date(0));
	event.cookies.delete(SESSION_COOKIE, options);
}

export function readSessionToken(event: Pick<RequestEvent, 'cookies'>): string | null {
	return event.cookies.get(SESSION_COOKIE) ?? null;
}
