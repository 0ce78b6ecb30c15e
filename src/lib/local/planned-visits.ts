/**
 * "My visits" on the inspector's phone: the planned visits assigned to them, read from the device
 * database (pulled like any record), and starting one. Both work with no network: the start is
 * one Dexie transaction that turns the local planned record into the inspector's draft and queues
 * `startPlannedInspection` with it, and the server applies the same `startedFromPlan`.
 */
import { startedFromPlan, startRefusal, type PlannedRecord, type StartFacts } from '$lib/domain/planned-visits';
import type { AppDb } from './app-db';
import { NotAllowedError } from './action-errors';
import { enqueue } from './outbox';
import { guardedWrite } from './storage-guard';

/** The visits still to start, overdue first: read by inspection-queries.ts, before Dexie has loaded. */
export { listMyVisits } from './inspection-queries';

/** One planned record as stored on the device, for the start screen; null when not on it. */
export async function plannedVisit(db: AppDb, id: string): Promise<PlannedRecord | null> {
	return ((await db.inspections.get(id)) as PlannedRecord | undefined) ?? null;
}

/**
 * Starts the visit: refused (`NotAllowedError`, nothing written or queued) when `userId` is not
 * assigned to it or it has already been started on this device.
 */
export function startPlannedVisit(db: AppDb, inspectionId: string, start: StartFacts, userId: string): Promise<void> {
	return guardedWrite(db, () =>
		db.transaction('rw', [db.inspections, db.outbox, db.meta], async () => {
			const planned: (PlannedRecord & { updatedAt: string }) | undefined = await db.inspections.get(inspectionId);
			if (!planned) throw new NotAllowedError('inspection_not_found');
			const refusal = startRefusal(planned, userId);
			if (refusal) throw new NotAllowedError(refusal);
			const mutation = await enqueue(db, 'startPlannedInspection', { inspectionId, ...start }, inspectionId);
			if (mutation.name !== 'startPlannedInspection') throw new Error('unreachable');
			const { inspectionId: _, ...facts } = mutation.args;
			await db.inspections.put({ ...startedFromPlan(planned, facts, userId), updatedAt: new Date().toISOString() });
		})
	);
}
