/**
 * Browser bundle for the PouchDB side of the sync benchmark: pouchdb-browser (IndexedDB
 * adapter, HTTP adapter, replication) and the helpers that load documents and time a
 * replication. Built into an IIFE defining `globalThis.PouchBench`; evaluated in a page served
 * by pouchdb-server itself, so replication is same-origin like the app's sync.
 */
import PouchDB from 'pouchdb-browser';

const dbs = new Map();
const open = (name) => {
	if (!dbs.has(name)) dbs.set(name, new PouchDB(name));
	return dbs.get(name);
};

/** Bulk-loads documents into a local database (not timed: they were written on the device). */
async function load(name, docs) {
	const result = await open(name).bulkDocs(docs);
	const failed = result.filter((r) => r.error);
	if (failed.length) throw new Error(`bulkDocs failed for ${failed.length} docs: ${failed[0].reason}`);
	return result.length;
}

/** One replication with PouchDB's defaults (batch_size 100, batches_limit 10), timed. */
async function timeReplicate(from, to) {
	const source = from.startsWith('http') ? from : open(from);
	const target = to.startsWith('http') ? to : open(to);
	const t0 = performance.now();
	const result = await PouchDB.replicate(source, target);
	const ms = performance.now() - t0;
	return { ms, ok: result.ok, docsWritten: result.docs_written, docsRead: result.docs_read, errors: result.errors.length };
}

async function info(name) {
	const i = await open(name).info();
	return { docs: i.doc_count };
}

globalThis.PouchBench = { load, timeReplicate, info };
