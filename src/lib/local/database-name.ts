/** Each user's own device database, by name: Dexie opens it (app-db.ts), the first paint reads it directly (raw-reads.ts). */
export function databaseNameFor(userId: string): string {
	return `kiem-tra-mot-cua:${userId}`;
}
