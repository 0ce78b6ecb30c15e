/**
 * Browser bundle for the RxDB side of the sync benchmark: RxDB with its Dexie storage
 * (IndexedDB) and its HTTP replication (`replicateRxCollection`, push and pull handlers over
 * fetch) against the Node endpoint of rxdb/endpoint.js, plus the helpers that load documents and
 * time a replication. Built into an IIFE defining `globalThis.RxdbBench`; evaluated in a page
 * served by that endpoint, so replication is same-origin like the app's sync.
 */
import { createRxDatabase } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { RECORDS_SCHEMA } from '../rxdb/schema.js';

const collections = new Map();

async function open(name) {
	if (!collections.has(name)) {
		const db = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: false });
		const { records } = await db.addCollections({ records: { schema: RECORDS_SCHEMA } });
		collections.set(name, records);
	}
	return collections.get(name);
}

/** Bulk-loads documents into a local collection (not timed: they were written on the device). */
async function load(name, docs) {
	const { success, error } = await (await open(name)).bulkInsert(docs);
	if (error.length) throw new Error(`bulkInsert failed for ${error.length} docs: ${error[0].status}`);
	return success.length;
}

async function postJson(path, body) {
	const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
	return res.json();
}

async function getPage(checkpoint, batchSize) {
	const query = new URLSearchParams({ limit: String(batchSize) });
	if (checkpoint) {
		query.set('id', checkpoint.id);
		query.set('lwt', String(checkpoint.lwt));
	}
	const res = await fetch(`/pull?${query}`);
	if (!res.ok) throw new Error(`/pull: ${res.status} ${await res.text()}`);
	return res.json();
}

/**
 * One replication (not live: it ends once in sync), one direction, timed from its start to
 * `awaitInitialReplication`. The first error stops it: RxDB would otherwise retry quietly.
 */
async function timeReplication(name, direction, batchSize) {
	const collection = await open(name);
	const t0 = performance.now();
	const state = replicateRxCollection({
		collection,
		replicationIdentifier: 'bench-http',
		live: false,
		...(direction === 'push'
			? { push: { batchSize, handler: (rows) => postJson('/push', rows) } }
			: { pull: { batchSize, handler: getPage } })
	});
	const failed = new Promise((_, reject) => state.error$.subscribe((error) => reject(error)));
	await Promise.race([state.awaitInitialReplication(), failed]);
	const ms = performance.now() - t0;
	await state.cancel();
	return { ms, docs: await collection.count().exec() };
}

globalThis.RxdbBench = {
	load,
	timePush: (name, batchSize) => timeReplication(name, 'push', batchSize),
	timePull: (name, batchSize) => timeReplication(name, 'pull', batchSize)
};
