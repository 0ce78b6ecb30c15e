/**
 * A SQLite commit made durable off the event loop (issue 21).
 *
 * With `synchronous = FULL` better-sqlite3 fsyncs the write-ahead log inside COMMIT, on the
 * loop's only thread: under load a quarter of a SQLite server's time went there, every request
 * waiting behind the disk. The server therefore runs with `synchronous = NORMAL` — COMMIT only
 * writes the log (to the page cache) — and the driver (sqlite-dialect.ts) answers no commit
 * before `WalSync.sync` has flushed the log with fdatasync on libuv's thread pool. Meanwhile the
 * loop reads and parses the next requests, and the next transaction runs; its answers, like those
 * of anything that read what is not yet flushed, wait for a flush of their own (`DurableSqlite`). What is durable is the same as with FULL: a commit is
 * acknowledged only once its frames are on the disk, and SQLite's recovery keeps every frame up
 * to the last commit it can read back whole. NORMAL itself still syncs the log before each
 * checkpoint and the log's header when it starts over (sqlite.org/pragma.html#pragma_synchronous).
 *
 * The log file keeps its inode while the connection is open (SQLite deletes it only when the last
 * connection closes; a checkpoint resets or truncates it in place), so one descriptor serves. It
 * is opened for writing, never written: Windows flushes only a file opened so.
 */
import { closeSync, existsSync, fdatasync, openSync } from 'node:fs';

/** What the driver needs of it (a test hands in its own). */
export interface LogSync {
	/** Resolves once everything written to the log so far is on the disk. */
	sync(): Promise<void>;
	close(): void;
}

export class WalSync implements LogSync {
	#fd: number | null = null;

	constructor(readonly walPath: string) {}

	sync(): Promise<void> {
		// Opened on first use: the log exists from the first write on, not necessarily before,
		// and with no log nothing has been written to one.
		if (this.#fd === null && !existsSync(this.walPath)) return Promise.resolve();
		this.#fd ??= openSync(this.walPath, 'r+');
		const fd = this.#fd;
		return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
	}

	close(): void {
		if (this.#fd !== null) closeSync(this.#fd);
		this.#fd = null;
	}
}
