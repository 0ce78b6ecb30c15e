/**
 * Who is using this device, and their own database. After one online sign-in the user is
 * remembered on the device, so reopening the app offline resumes as them; each user has a
 * database of their own, so two officers sharing a phone never see each other's work.
 *
 * Offline: works entirely from localStorage and IndexedDB. Expired server session: the user
 * stays signed in locally (their outbox is kept) and is asked for the password to resume sync.
 */
import type { Principal } from '$lib/domain/permissions';
import { roles } from '$lib/domain/principal';
import type { SessionUser } from '$lib/domain/protocol';
import { AppDb, databaseNameFor } from './app-db';

const LAST_USER_KEY = 'kiem-tra-mot-cua:user';

/** The account as the server reports it (protocol), remembered without its password flag. */
export type LocalUser = Omit<SessionUser, 'mustChangePassword'>;

const codeOrNull = (v: unknown) => v === null || Number.isInteger(v);

/**
 * The remembered user, checked by hand: it was validated against the protocol's schema when the
 * server sent it (auth-client.ts), and every page reads it before its first paint, which must not
 * wait for zod (issue 20: offline cold start). Anything else — an older shape, a damaged entry —
 * reads as nobody signed in.
 */
export function storedUser(value: unknown): LocalUser | null {
	if (typeof value !== 'object' || value === null) return null;
	const u = value as Record<string, unknown>;
	const ok =
		typeof u.id === 'string' &&
		u.id.length > 0 &&
		typeof u.username === 'string' &&
		typeof u.displayName === 'string' &&
		(roles as readonly unknown[]).includes(u.role) &&
		codeOrNull(u.provinceCode) &&
		codeOrNull(u.unitCode);
	if (!ok) return null;
	const { id, username, displayName, role, provinceCode, unitCode } = u as LocalUser;
	return { id, username, displayName, role, provinceCode, unitCode };
}

function readStoredUser(): LocalUser | null {
	if (typeof localStorage === 'undefined') return null;
	try {
		return storedUser(JSON.parse(localStorage.getItem(LAST_USER_KEY) ?? 'null'));
	} catch {
		return null;
	}
}

class Session {
	user = $state<LocalUser | null>(readStoredUser());
	/** The server no longer accepts this device's cookie: ask for the password, keep the data. */
	needsPassword = $state(false);
	/** The server refuses everything but a password change (an administrator set the password). */
	mustChangePassword = $state(false);
	#db: AppDb | null = null;
	#dbUser: string | null = null;

	get userId(): string {
		return this.user?.id ?? 'khach';
	}

	get principal(): Principal | null {
		const u = this.user;
		return u ? { userId: u.id, role: u.role, provinceCode: u.provinceCode, unitCode: u.unitCode } : null;
	}

	/** The signed-in user's database (opened lazily, reopened when the user changes). */
	get db(): AppDb {
		if (!this.#db || this.#dbUser !== this.userId) {
			this.#db?.close();
			this.#db = new AppDb(databaseNameFor(this.userId));
			this.#dbUser = this.userId;
		}
		return this.#db;
	}

	signedIn(user: LocalUser) {
		localStorage.setItem(LAST_USER_KEY, JSON.stringify(user));
		this.user = user;
		this.needsPassword = false;
	}

	/** The password was changed: the server takes work again. */
	passwordChanged() {
		this.mustChangePassword = false;
	}

	signedOut() {
		localStorage.removeItem(LAST_USER_KEY);
		this.user = null;
		this.reset();
	}

	/** Forget the open database (tests, sign-out). */
	reset() {
		this.#db?.close();
		this.#db = null;
		this.#dbUser = null;
	}
}

export const session = new Session();
