/** Where the server keeps its files (SQLite database, blobs) when nothing else is said. */
export function defaultDataDir(): string {
	return process.env.DATA_DIR || './data';
}
