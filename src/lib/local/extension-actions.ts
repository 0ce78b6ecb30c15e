/**
 * Deadline extensions on the device (domain/extensions.ts): the commune asks for more time, a
 * reviewer grants or refuses. Like review-actions.ts, each is one Dexie read-write transaction
 * that writes the history event (with the id the server will give it), moves the local deadline
 * on a grant, and queues the intent; it works offline and the server decides when it arrives.
 */
import { Dexie } from 'dexie';
import { uuidv7 } from '$lib/domain/uuid';
import { extendsDeadline, extensionStep, pendingExtension, type ExtensionIntent } from '$lib/domain/extensions';
import { checkDeadline } from '$lib/domain/record-rules';
import { statusOf, type FindingEvent } from '$lib/domain/review-events';
import type { AppDb } from './app-db';
import { NotAllowedError, RuleRefusedError } from './action-errors';
import { enqueue } from './outbox';
import type { Reviewer } from './review-actions';
import { guardedWrite } from './storage-guard';

function write<T>(db: AppDb, body: () => Promise<T>): Promise<T> {
	const tables: Dexie.Table[] = [db.inspections, db.findings, db.findingEvents, db.outbox, db.meta];
	return guardedWrite(db, () => db.transaction('rw', tables, body));
}

/** The finding, its record and pending request, once the shared rule allows `name` for `who`. */
async function extensionTarget(db: AppDb, who: Reviewer, findingId: string, name: ExtensionIntent) {
	const finding = await db.findings.get(findingId);
	const record = finding && (await db.inspections.get(finding.inspectionId));
	if (!finding || !record) throw new NotAllowedError('finding_not_found');
	const events = await db.findingEvents.where('findingId').equals(findingId).toArray();
	const pending = pendingExtension(events);
	const facts = {
		status: statusOf(finding),
		unitCode: record.unit.code,
		provinceCode: record.unit.provinceCode,
		recordApproved: record.status === 'approved'
	};
	const verdict = extensionStep(who, name, facts, pending);
	if (!verdict.ok) throw new NotAllowedError(verdict.code === 'forbidden' ? 'role_not_allowed' : 'wrong_status', verdict.reason);
	return { finding, record, pending };
}

/** The server's own check of a new deadline, run first so a wrong date is never queued. */
function checkNewDeadline(current: string, deadline: string, startedAt: string) {
	if (!extendsDeadline(current, deadline))
		throw new RuleRefusedError({ code: 'deadline_not_extended', field: 'deadline', message: `${deadline} is not after ${current}` });
	const problem = checkDeadline(deadline, startedAt);
	if (problem) throw new RuleRefusedError(problem);
}

function event(who: Reviewer, id: string, finding: { id: string; inspectionId: string; status?: FindingEvent['status'] }) {
	return {
		id,
		findingId: finding.id,
		inspectionId: finding.inspectionId,
		actorUserId: who.userId,
		actorName: who.displayName,
		at: new Date().toISOString(),
		status: finding.status ?? 'open'
	} as const;
}

/** The commune asks to move the deadline to `deadline`, saying why. */
export function requestExtension(db: AppDb, who: Reviewer, findingId: string, deadline: string, reason: string) {
	return write(db, async () => {
		const { finding, record } = await extensionTarget(db, who, findingId, 'requestExtension');
		checkNewDeadline(finding.deadline, deadline, record.startedAt);
		const eventId = uuidv7();
		await enqueue(db, 'requestExtension', { findingId, eventId, deadline, reason }, finding.inspectionId);
		await db.findingEvents.add({ ...event(who, eventId, finding), kind: 'extensionRequested', deadline, reason });
	});
}

/** The reviewer grants the pending request with the deadline that now applies. */
export function grantExtension(db: AppDb, who: Reviewer, findingId: string, deadline: string, comment: string) {
	return write(db, async () => {
		const { finding, record, pending } = await extensionTarget(db, who, findingId, 'grantExtension');
		checkNewDeadline(finding.deadline, deadline, record.startedAt);
		const eventId = uuidv7();
		const requestId = pending!.id;
		await enqueue(db, 'grantExtension', { findingId, eventId, requestId, deadline, comment }, finding.inspectionId);
		await db.findingEvents.add({ ...event(who, eventId, finding), kind: 'extensionGranted', requestId, deadline, comment });
		await db.findings.update(findingId, { deadline });
	});
}

/** The reviewer refuses the pending request; the deadline stays. */
export function refuseExtension(db: AppDb, who: Reviewer, findingId: string, reason: string) {
	return write(db, async () => {
		const { finding, pending } = await extensionTarget(db, who, findingId, 'refuseExtension');
		const eventId = uuidv7();
		const requestId = pending!.id;
		await enqueue(db, 'refuseExtension', { findingId, eventId, requestId, reason }, finding.inspectionId);
		await db.findingEvents.add({ ...event(who, eventId, finding), kind: 'extensionRefused', requestId, reason });
	});
}
