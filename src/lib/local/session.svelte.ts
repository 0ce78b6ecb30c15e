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
import type { AppDb } from './app-db';
import { databaseNameFor } from './database-name';
import type { DeviceReads } from './device-reads';
import { loadDexie } from './dexie-loader';
import { rawReads, type RawReads } from './raw-reads';

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

/**
 * One user's device database: read directly from IndexedDB until something asks for Dexie
 * (an action, a sync round, a live read; the layout does after the first paint), then through
 * Dexie, which alone writes (raw-reads.ts, issue 20).
 */
class UserDatabase {
	readonly #name: string;
	#db: Promise<AppDb> | null = null;
	#loaded: AppDb | null = null;
	#raw: RawReads | null = null;
	#closed = false;
	#arrive: (db: AppDb) => void = () => {};
	/** Resolves once the database has been opened through Dexie; never starts that itself. */
	readonly opened = new Promise<AppDb>((resolve) => (this.#arrive = resolve));

	constructor(name: string) {
		this.#name = name;
	}

	get db(): Promise<AppDb> {
		this.#db ??= loadDexie().then(({ AppDb }) => {
			const db = new AppDb(this.#name);
			if (this.#closed) db.close();
			this.#loaded = db;
			this.#raw?.close();
			this.#raw = null;
			this.#arrive(db);
			return db;
		});
		return this.#db;
	}

	get loaded(): AppDb | null {
		return this.#loaded;
	}

	get reads(): DeviceReads {
		if (this.#loaded) return this.#loaded;
		this.#raw ??= rawReads(this.#name);
		return this.#raw.reads;
	}

	close() {
		this.#closed = true;
		this.#raw?.close();
		this.#loaded?.close();
		void this.#db?.then((db) => db.close());
	}
}

class Session {
	user = $state<LocalUser | null>(readStoredUser());
	/** The server no longer accepts this device's cookie: ask for the password, keep the data. */
	needsPassword = $state(false);
	/** The server refuses everything but a password change (an administrator set the password). */
	mustChangePassword = $state(false);
	#database: UserDatabase | null = null;
	#dbUser: string | null = null;

	get userId(): string {
		return this.user?.id ?? 'khach';
	}

	get principal(): Principal | null {
		const u = this.user;
		return u ? { userId: u.id, role: u.role, provinceCode: u.provinceCode, unitCode: u.unitCode } : null;
	}

	#current(): UserDatabase {
		if (!this.#database || this.#dbUser !== this.userId) {
			this.#database?.close();
			this.#database = new UserDatabase(databaseNameFor(this.userId));
			this.#dbUser = this.userId;
		}
		return this.#database;
	}

	/**
	 * The signed-in user's database through Dexie (reopened when the user changes): asking for it
	 * loads Dexie, so every action and write awaits it, and nothing before a page's first paint does.
	 */
	get db(): Promise<AppDb> {
		return this.#current().db;
	}

	/** The database once something has asked for `db`, without asking for it. */
	get opened(): Promise<AppDb> {
		return this.#current().opened;
	}

	/** Dexie's database when it is open, else null. */
	get loadedDb(): AppDb | null {
		return this.#current().loaded;
	}

	/** Reads for a first paint: Dexie's once it is open, until then IndexedDB's own. */
	get reads(): DeviceReads {
		return this.#current().reads;
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
		this.#database?.close();
		this.#database = null;
		this.#dbUser = null;
	}
}

export const session = new Session();
