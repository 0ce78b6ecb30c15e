/**
 * Pulled rows are checked against the protocol registry before they touch the device database.
 * A row that does not match its entity's schema (a server bug, a newer server, a damaged
 * proxy) is not cast in: it is set aside in the `quarantine` meta entry with where it failed,
 * shown in the sync panel, and the pull goes on — one bad row never blocks the others. A later
 * valid change of the same row takes its place and clears the entry.
 */
import { changeDataSchema, entityId, fieldPath, isEntityName, type Change, type EntityChange } from '$lib/domain/protocol';
import type { AppDb, QuarantinedRow } from '../app-db';
import { quarantinedRows } from './sync-queries';

export { quarantinedRows };

export type { QuarantinedRow };

/** Oldest entries give way beyond this, so a server bug cannot fill the device. */
const MAX_QUARANTINED = 200;

export type CheckedChange = { ok: true; change: EntityChange } | { ok: false; row: QuarantinedRow };

/** The change with its data parsed by the registry (defaults filled), or why it is set aside. */
export function checkChange(change: Change): CheckedChange {
	const aside = (path: string, error: string): CheckedChange => ({
		ok: false,
		row: { entity: change.entity, entityId: change.entityId, version: change.version, op: change.op, path, error, data: change.data }
	});
	const schema = changeDataSchema(change.entity, change.op);
	if (!schema || !isEntityName(change.entity)) return aside('', `unknown entity ${change.entity}`);
	const parsed = schema.safeParse(change.data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return aside(issue ? fieldPath(issue.path) : '', issue?.message ?? 'does not match the schema');
	}
	const data = parsed.data;
	if (entityId(change.entity, data) !== change.entityId) return aside('entityId', 'entityId does not match the key fields of data');
	return { ok: true, change: { ...change, entity: change.entity, data } };
}

/** Splits a page into the changes to apply and the rows to set aside. */
export function checkPage(changes: readonly Change[]): { valid: EntityChange[]; quarantined: QuarantinedRow[] } {
	const valid: EntityChange[] = [];
	const quarantined: QuarantinedRow[] = [];
	for (const change of changes) {
		const checked = checkChange(change);
		if (checked.ok) valid.push(checked.change);
		else quarantined.push(checked.row);
	}
	return { valid, quarantined };
}

/**
 * Records this page's set-aside rows and forgets those the page applied a valid version of.
 * Call inside the page's transaction (it needs `db.meta`).
 */
export async function updateQuarantine(db: AppDb, applied: readonly Change[], quarantined: readonly QuarantinedRow[]): Promise<void> {
	const before = await quarantinedRows(db);
	if (before.length === 0 && quarantined.length === 0) return;
	const id = (r: { entity: string; entityId: string }) => `${r.entity}\u0000${r.entityId}`;
	const replaced = new Set([...applied, ...quarantined].map(id));
	const next = [...before.filter((r) => !replaced.has(id(r))), ...quarantined].slice(-MAX_QUARANTINED);
	await db.meta.put({ key: 'quarantine', value: next });
}
