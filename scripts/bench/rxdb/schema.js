/**
 * The RxDB side of the sync benchmark keeps the same records as the PouchDB side (lib/workload.js
 * `pouchDocsOf`: one document per inspection, officer and answer) in one collection, on the
 * browser (Dexie storage) and on the Node endpoint (memory storage) alike. RxDB reserves the
 * underscore fields, so PouchDB's `_id` becomes `id`.
 */
export const RECORDS_SCHEMA = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: { type: 'string', maxLength: 200 },
		type: { type: 'string' },
		inspectionId: { type: 'string' }
	},
	required: ['id', 'type']
};

/** A PouchDB document of the workload as an RxDB document. */
export function rxdbDocOf({ _id, ...rest }) {
	return { id: _id, ...rest };
}

/** The fields RxDB's storage adds to a stored document, dropped before it goes over the wire. */
export function withoutStorageMeta(doc) {
	const { _meta, _rev, _attachments, ...rest } = doc;
	return rest;
}
