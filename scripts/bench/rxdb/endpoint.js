/**
 * The Node end of the RxDB anchor in the sync benchmark: RxDB on Node (memory storage) behind
 * the two endpoints RxDB's HTTP replication (`replicateRxCollection` with push and pull
 * handlers) talks to, written after RxDB's own documentation of that protocol and its server
 * plugin's logic:
 *
 * - `POST /push` takes the client's change rows ({ newDocumentState, assumedMasterState }),
 *   reads the current master documents in one call, answers the rows whose assumed state is not
 *   the master's as conflicts and writes the others in one bulk upsert;
 * - `GET /pull?id=&lwt=&limit=` answers the documents changed since the checkpoint, in RxDB's own
 *   order (last write time, then id: `getChangedDocumentsSince`), with the next checkpoint.
 *
 * `GET /` is an empty page, so the browser side replicates same-origin like the app's sync.
 * Usage: node scripts/bench/rxdb/endpoint.js PORT (prints "listening" once ready).
 */
import { createServer } from 'node:http';
import { createRxDatabase, deepEqual, getChangedDocumentsSince } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { RECORDS_SCHEMA, withoutStorageMeta } from './schema.js';

const port = Number(process.argv[2]);
const db = await createRxDatabase({ name: 'bench-endpoint', storage: getRxStorageMemory(), multiInstance: false });
const { records } = await db.addCollections({ records: { schema: RECORDS_SCHEMA } });

async function readJson(req) {
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Applies pushed rows; returns the master state of every row that conflicts. */
async function push(rows) {
	const ids = rows.map((row) => row.newDocumentState.id);
	const current = await records.storageInstance.findDocumentsById(ids, true);
	const masters = new Map(current.map((doc) => [doc.id, withoutStorageMeta(doc)]));
	const conflicts = [];
	const upserts = [];
	const removals = [];
	for (const { newDocumentState, assumedMasterState } of rows) {
		const master = masters.get(newDocumentState.id);
		if (master && !(assumedMasterState && deepEqual(master, assumedMasterState))) {
			conflicts.push(master);
			continue;
		}
		const { _deleted, ...doc } = newDocumentState;
		if (_deleted) removals.push(doc.id);
		else upserts.push(doc);
	}
	if (upserts.length) {
		const { error } = await records.bulkUpsert(upserts);
		if (error.length) throw new Error(`bulkUpsert failed for ${error.length} documents (${error[0].status})`);
	}
	if (removals.length) await records.bulkRemove(removals);
	return conflicts;
}

async function pull(params) {
	const limit = Number(params.get('limit') ?? 100);
	const checkpoint = params.has('id') ? { id: params.get('id'), lwt: Number(params.get('lwt')) } : undefined;
	const changed = await getChangedDocumentsSince(records.storageInstance, limit, checkpoint);
	return { documents: changed.documents.map(withoutStorageMeta), checkpoint: changed.checkpoint };
}

const server = createServer(async (req, res) => {
	const url = new URL(req.url ?? '/', 'http://localhost');
	const send = (status, body, type = 'application/json') => {
		res.writeHead(status, { 'content-type': type });
		res.end(type === 'application/json' ? JSON.stringify(body) : body);
	};
	try {
		if (req.method === 'GET' && url.pathname === '/') return send(200, '<!doctype html><title>RxDB endpoint</title>', 'text/html');
		if (req.method === 'POST' && url.pathname === '/push') return send(200, await push(await readJson(req)));
		if (req.method === 'GET' && url.pathname === '/pull') return send(200, await pull(url.searchParams));
		if (req.method === 'GET' && url.pathname === '/count') return send(200, { docs: await records.count().exec() });
		send(404, { error: 'not found' });
	} catch (error) {
		console.error(error);
		send(500, { error: error instanceof Error ? error.message : String(error) });
	}
});
server.listen(port, '127.0.0.1', () => console.log('listening'));
