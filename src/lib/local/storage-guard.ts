/**
 * Runs a storage write and turns IndexedDB failures into something an inspector can act on.
 *
 * - Lost connection (iOS kills the IndexedDB process under memory pressure; another tab
 *   upgraded the schema): reopen the database and retry the write once. The write is one
 *   transaction, so a retry can never apply it twice.
 * - Quota exceeded: nothing of this write is stored (the transaction aborted), everything
 *   saved before is untouched; the message says what to do.
 */
import type { AppDb } from './app-db';

export type StorageProblem = 'quota' | 'connection' | 'unknown';

export class StorageError extends Error {
	constructor(
		readonly problem: StorageProblem,
		readonly cause: unknown
	) {
		super(`${problem}: ${cause instanceof Error ? cause.message : String(cause)}`);
		this.name = 'StorageError';
	}
}

function namesOf(err: unknown): string[] {
	const out: string[] = [];
	let e: unknown = err;
	for (let depth = 0; e && depth < 4; depth++) {
		const o = e as { name?: string; message?: string; inner?: unknown; cause?: unknown };
		out.push(`${o.name ?? ''} ${o.message ?? ''}`);
		e = o.inner ?? o.cause;
	}
	return out;
}

export function classifyStorageError(err: unknown): StorageProblem {
	const text = namesOf(err).join(' | ');
	if (/QuotaExceeded|quota/i.test(text)) return 'quota';
	if (/DatabaseClosed|Connection to Indexed Database server lost|connection is closing|InvalidStateError/i.test(text)) return 'connection';
	return 'unknown';
}

/** Runs `write`; on a lost connection reopens `db` and runs it once more. */
export async function guardedWrite<T>(db: AppDb, write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		const problem = classifyStorageError(err);
		// Domain refusals and validation errors are not storage problems: let them through.
		if (problem === 'unknown') throw err;
		if (problem === 'quota') throw new StorageError(problem, err);
		try {
			if (db.isOpen()) db.close();
			await db.open();
			return await write();
		} catch (retryErr) {
			const again = classifyStorageError(retryErr);
			throw new StorageError(again, retryErr);
		}
	}
}
