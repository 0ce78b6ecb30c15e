/**
 * The changes one write transaction makes, numbered while the writer lock is held and written
 * to the `changes` table just before commit. Each entity row stores the version of the change
 * that last wrote it.
 */
import { entityId, type EntityKeyFields, type EntityName, type EntityRow } from '$lib/domain/protocol';
import type { ChangeOp, NewChangeRow } from '../db/schema';

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

	/**
	 * The entity as it now is, in the shape of its registry row schema (the device validates it
	 * with that schema). Returns the change's version.
	 */
	upsert<E extends EntityName>(scope: ChangeScope, entity: E, row: EntityRow<E>): number {
		return this.#add(scope, entity, 'upsert', row);
	}

	/**
	 * A tombstone: the entity is gone; `key` holds its key fields (and its inspectionId, which
	 * the device uses to find the row's record). Returns the change's version.
	 */
	delete<E extends EntityName>(scope: ChangeScope, entity: E, key: EntityKeyFields<E> & { inspectionId?: string }): number {
		return this.#add(scope, entity, 'delete', key);
	}

	#add(scope: ChangeScope, entity: EntityName, op: ChangeOp, data: object): number {
		const version = this.#firstVersion + this.#rows.length;
		this.#rows.push({
			version,
			entity,
			entity_id: entityId(entity, data as Record<string, unknown>),
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
