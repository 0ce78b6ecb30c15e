/**
 * Who is using this device right now, and their database. Until accounts exist (issue 4) the
 * device works as one local user; the database is already named per user so that signing in
 * later only has to pick a different name.
 */
import { AppDb, databaseNameFor } from './app-db';

const LAST_USER_KEY = 'kiem-tra-mot-cua:last-user';
export const DEVICE_USER = 'thiet-bi';

class Session {
	userId = $state<string>(DEVICE_USER);
	#db: AppDb | null = null;

	constructor() {
		if (typeof localStorage !== 'undefined') this.userId = localStorage.getItem(LAST_USER_KEY) ?? DEVICE_USER;
	}

	get db(): AppDb {
		this.#db ??= new AppDb(databaseNameFor(this.userId));
		return this.#db;
	}

	/** For tests and sign-in: forget the open database. */
	reset() {
		this.#db?.close();
		this.#db = null;
	}
}

export const session = new Session();
