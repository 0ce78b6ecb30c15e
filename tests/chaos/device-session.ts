/**
 * Signing a simulated device in, through the lossy proxy like everything else: POST
 * /api/auth/login until an answer arrives, then keep the session cookie for every later request.
 * A lost answer only costs an extra session; the device keeps the cookie it actually received.
 */
import { backoffDelay, sleep } from './backoff';
import type { SeededRandom } from './seeded-random';

export interface Credentials {
	username: string;
	password: string;
}

export interface DeviceSession {
	/** `name=value` for the Cookie header. */
	cookie: string;
	/** Who the server acts for: the owner of every inspection this device creates. */
	userId: string;
}

const MAX_ATTEMPTS = 40;

/** Headers that identify the device's session. */
export function sessionHeaders(session: DeviceSession): Record<string, string> {
	return { cookie: session.cookie };
}

interface LoginAnswer {
	status: number;
	text: string;
	cookie: string | undefined;
}

/** One attempt; null when the request or its answer was lost on the way. */
async function tryLogin(baseUrl: string, credentials: Credentials): Promise<LoginAnswer | null> {
	try {
		const response = await fetch(`${baseUrl}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(credentials),
			signal: AbortSignal.timeout(8000)
		});
		const text = await response.text();
		return { status: response.status, text, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
	} catch {
		return null;
	}
}

export async function signInDevice(baseUrl: string, credentials: Credentials, random: SeededRandom): Promise<DeviceSession> {
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		const answer = await tryLogin(baseUrl, credentials);
		if (answer?.status === 200) {
			const user = (JSON.parse(answer.text) as { user?: { id?: unknown } }).user;
			if (typeof user?.id !== 'string' || !answer.cookie) throw new Error(`login answered without a user or cookie: ${answer.text}`);
			return { cookie: answer.cookie, userId: user.id };
		}
		// A refusal (wrong password, rate limit…) will not get better by retrying.
		if (answer && answer.status < 500) throw new Error(`login as ${credentials.username} answered ${answer.status}: ${answer.text}`);
		await sleep(backoffDelay(attempt, random));
	}
	throw new Error(`could not sign in as ${credentials.username} in ${MAX_ATTEMPTS} attempts`);
}
