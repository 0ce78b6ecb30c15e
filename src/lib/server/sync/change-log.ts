/**
 * The changes one write transaction makes, numbered while the writer lock is held and written
 * to the `changes` table just before commit. Each entity row stores the version of the change
 * that last wrote it.
 */
import type { ChangeOp, NewChangeRow } from '../db/schema';

export type ChangeEntity =
	'inspection' | 'officer' | 'answer' | 'photo' | 'signature' | 'findingDraft' | 'finding' | 'findingEvent' | 'inspectionEvent';

/** Copied from the inspection onto every change row, so pull can filter without joins. */
export interface ChangeScope {
	inspectionId: string;
	unitCode: number;
	provinceCode: number;
	ownerUserId: string;
}

export class ChangeLog {
	readonly #firstVersion: number;
	readonly #now: string;
	#rows: NewChangeRow[] = [];

	/** `firstVersion` is one past the counter's value read under the writer lock. */
	constructor(firstVersion: number, now: string) {
		this.#firstVersion = firstVersion;
		this.#now = now;
	}

	/** The entity as it now is (the shared schema's shape). Returns the change's version. */
	upsert(scope: ChangeScope, entity: ChangeEntity, entityId: string, data: object): number {
		return this.#add(scope, entity, entityId, 'upsert', data);
	}

	/** A tombstone: the entity is gone; `key` holds its key fields. Returns the change's version. */
	delete(scope: ChangeScope, entity: ChangeEntity, entityId: string, key: object): number {
		return this.#add(scope, entity, entityId, 'delete', key);
	}

	#add(scope: ChangeScope, entity: ChangeEntity, entityId: string, op: ChangeOp, data: object): number {
		const version = this.#firstVersion + this.#rows.length;
		this.#rows.push({
			version,
			entity,
			entity_id: entityId,
			op,
			data: JSON.stringify(data),
			inspection_id: scope.inspectionId,
			unit_code: scope.unitCode,
			province_code: scope.provinceCode,
			owner_user_id: scope.ownerUserId,
			recorded_at: this.#now
		});
		return version;
	}

	/** A point to come back to when a mutation's writes are rolled back to a savepoint. */
	mark(): number {
		return this.#rows.length;
	}

	rollbackTo(mark: number): void {
		this.#rows = this.#rows.slice(0, mark);
	}

	get rows(): readonly NewChangeRow[] {
		return this.#rows;
	}
}

/** Stable text keys for entities whose key has several parts. */
export const entityKey = {
	answer: (a: { inspectionId: string; itemId: string; officerId: string }) => `${a.inspectionId}/${a.itemId}/${a.officerId}`,
	signature: (s: { inspectionId: string; role: string }) => `${s.inspectionId}/${s.role}`,
	findingDraft: (d: { inspectionId: string; itemId: string }) => `${d.inspectionId}/${d.itemId}`
};
