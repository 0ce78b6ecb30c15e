/**
 * Everything the server ended up holding, read straight from its database after it stopped:
 * receipts, client queues, the change feed and every entity — the entities turned back into
 * the shared schemas' shapes and keyed like the pull feed, so they compare one to one with what
 * each device holds in its own database at the end.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { signatureOf } from '$lib/server/sync/row-converters';

/** Keys as the pull feed names entities: `${entity}:${entityId}` (entityId as the protocol writes it). */
export const entityKey = {
	inspection: (id: string) => `inspection:${id}`,
	officer: (id: string) => `officer:${id}`,
	answer: (a: { inspectionId: string; itemId: string; officerId: string }) => `answer:${a.inspectionId}/${a.itemId}/${a.officerId}`,
	photo: (id: string) => `photo:${id}`,
	findingDraft: (d: { inspectionId: string; itemId: string }) => `findingDraft:${d.inspectionId}/${d.itemId}`,
	finding: (id: string) => `finding:${id}`
};

export interface FeedChange {
	entity: string;
	entityId: string;
	op: string;
	data: unknown;
}

export interface ReceiptRow {
	mutationId: string;
	clientId: string;
	seq: number;
	name: string;
	status: string;
	/** The stored MutationResult, exactly what every replay must be answered with. */
	result: unknown;
}

export interface ServerSnapshot {
	receipts: ReceiptRow[];
	/** Last consumed seq per clientId, and whose device it is. */
	clients: Map<string, { userId: string; lastSeq: number }>;
	/** The pull feed as stored, in version order. */
	changes: (FeedChange & { version: number })[];
	entities: Map<string, unknown>;
}

export async function readServerSnapshot(db: Kysely<Database>): Promise<ServerSnapshot> {
	const receipts = (await db.selectFrom('mutation_receipts').selectAll().orderBy('client_id').orderBy('seq').execute()).map((row) => {
		const result = JSON.parse(row.result) as { status?: unknown };
		return {
			mutationId: row.mutation_id,
			clientId: row.client_id,
			seq: Number(row.seq),
			name: row.name,
			status: String(result.status),
			result
		};
	});
	const clients = new Map(
		(await db.selectFrom('clients').selectAll().execute()).map((row) => [
			row.client_id,
			{ userId: row.user_id, lastSeq: Number(row.last_seq) }
		])
	);
	const changes = (await db.selectFrom('changes').selectAll().orderBy('version').execute()).map((row) => ({
		version: Number(row.version),
		entity: row.entity,
		entityId: row.entity_id,
		op: row.op,
		data: JSON.parse(row.data) as unknown
	}));
	return { receipts, clients, changes, entities: await readEntities(db) };
}

async function readEntities(db: Kysely<Database>): Promise<Map<string, unknown>> {
	const entities = new Map<string, unknown>();
	for (const row of await db.selectFrom('inspections').selectAll().execute()) {
		// The status column is the authority; the document carries the rest.
		entities.set(entityKey.inspection(row.id), { ...(JSON.parse(row.data) as object), status: row.status });
	}
	for (const row of await db.selectFrom('officers').selectAll().execute()) {
		entities.set(entityKey.officer(row.id), {
			id: row.id,
			inspectionId: row.inspection_id,
			name: row.name,
			position: row.position,
			desk: row.desk,
			order: Number(row.sort_order)
		});
	}
	for (const row of await db.selectFrom('answers').selectAll().execute()) {
		const answer = {
			inspectionId: row.inspection_id,
			itemId: row.item_id,
			officerId: row.officer_id,
			value: row.value === null ? null : (JSON.parse(row.value) as unknown),
			note: row.note,
			answeredAt: row.answered_at
		};
		entities.set(entityKey.answer(answer), answer);
	}
	for (const row of await db.selectFrom('photos').selectAll().execute()) {
		entities.set(entityKey.photo(row.id), {
			id: row.id,
			inspectionId: row.inspection_id,
			itemId: row.item_id,
			officerId: row.officer_id,
			sha256: row.sha256,
			mime: row.mime,
			size: Number(row.size),
			width: Number(row.width),
			height: Number(row.height),
			caption: row.caption,
			takenAt: row.taken_at
		});
	}
	for (const row of await db.selectFrom('finding_drafts').selectAll().execute()) {
		const draft = { inspectionId: row.inspection_id, itemId: row.item_id, recommendation: row.recommendation, deadline: row.deadline };
		entities.set(entityKey.findingDraft(draft), draft);
	}
	for (const row of await db.selectFrom('findings').selectAll().execute()) {
		entities.set(entityKey.finding(row.id), {
			id: row.id,
			inspectionId: row.inspection_id,
			itemId: row.item_id,
			sectionId: row.section_id,
			title: row.title,
			detail: row.detail,
			officerIds: JSON.parse(row.officer_ids) as unknown,
			critical: Number(row.critical) === 1,
			legal: JSON.parse(row.legal) as unknown,
			recommendation: row.recommendation,
			deadline: row.deadline
		});
	}
	// The workload signs before it submits (issue 13): the row as the pull would shape it.
	for (const row of await db.selectFrom('signatures').selectAll().execute()) {
		entities.set(
			`signature:${row.inspection_id}/${row.role}`,
			signatureOf({ ...row, refused: Number(row.refused), size: row.size === null ? null : Number(row.size) })
		);
	}
	return entities;
}
