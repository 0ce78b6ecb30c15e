/**
 * What supervisors, wards and verifiers do to a record or finding, one function per user
 * action, each one Dexie read-write transaction that changes the local rows, adds the history
 * event and queues the intent (outbox) together — the same rule as inspection-actions.ts.
 *
 * The device checks the shared state machines first (the UI offers only what they allow), and
 * shows the result at once: status, deadline and a history event with the id the server will
 * give it, so the pulled copy replaces it rather than doubling it.
 *
 * Offline: all of these work with no network. Conflicts: the server decides when the intent
 * arrives. If someone else moved the record or finding on meanwhile (another supervisor
 * approved it, a fix was verified), the intent comes back `conflict`, stays visible in the sync
 * panel as rejected, and the next pull puts the server's state back on the device.
 */
import { Dexie } from 'dexie';
import { uuidv7 } from '$lib/domain/uuid';
import { findingTransition, type FindingTransition } from '$lib/domain/finding-states';
import { transition, type InspectionTransition } from '$lib/domain/inspection-states';
import type { Principal } from '$lib/domain/permissions';
import { reviewArgsSchemas, type FindingSeverity, type FixPhoto } from '$lib/domain/review';
import { checkDeadline } from '$lib/domain/record-rules';
import { statusOf, type FindingEvent, type InspectionEvent, type TrackedFinding } from '$lib/domain/review-events';
import type { AppDb, LocalInspection } from './app-db';
import type { PreparedImage } from './inspection-actions';
import { NotAllowedError, RuleRefusedError } from './action-errors';
import { enqueue } from './outbox';
import { guardedWrite } from './storage-guard';

/** The person acting, as the rules and the history need them. */
export type Reviewer = Principal & { displayName: string };

/** The state machine refused on this device: the message is the rule's own Vietnamese reason. */
export { NotAllowedError };

const now = () => new Date().toISOString();

function write<T>(db: AppDb, tables: Dexie.Table[], body: () => Promise<T>): Promise<T> {
	return guardedWrite(db, () => db.transaction('rw', [...tables, db.outbox, db.meta], body));
}

async function recordFor(db: AppDb, who: Reviewer, id: string, name: InspectionTransition): Promise<LocalInspection> {
	const record = await db.inspections.get(id);
	if (!record) throw new NotAllowedError('inspection_not_found');
	const verdict = transition(who, record, name);
	if (!verdict.ok) throw new NotAllowedError(verdict.code, verdict.reason);
	return record;
}

async function findingFor(db: AppDb, who: Reviewer, id: string, name: FindingTransition) {
	const finding = await db.findings.get(id);
	const record = finding && (await db.inspections.get(finding.inspectionId));
	if (!finding || !record) throw new NotAllowedError('finding_not_found');
	if (record.status !== 'approved') throw new NotAllowedError('not_approved');
	const facts = {
		status: statusOf(finding),
		unitCode: record.unit.code,
		provinceCode: record.unit.provinceCode,
		inspectionAuthor: record.createdBy
	};
	const verdict = findingTransition(who, facts, name);
	if (!verdict.ok) throw new NotAllowedError(verdict.code, verdict.reason);
	return { finding, to: verdict.to };
}

const inspectionEvent = (
	who: Reviewer,
	id: string,
	inspectionId: string,
	kind: InspectionEvent['kind'],
	comment: string
): InspectionEvent => ({
	id,
	inspectionId,
	kind,
	actorUserId: who.userId,
	actorName: who.displayName,
	at: now(),
	comment
});

/** Sends a submitted record back to its inspector with what to correct. */
export function returnInspection(db: AppDb, who: Reviewer, inspectionId: string, comment: string) {
	return write(db, [db.inspections, db.inspectionEvents], async () => {
		await recordFor(db, who, inspectionId, 'return');
		const m = await enqueue(db, 'returnInspection', { inspectionId, comment }, inspectionId);
		await db.inspectionEvents.add(inspectionEvent(who, m.mutationId, inspectionId, 'returned', comment));
		await db.inspections.update(inspectionId, { status: 'returned', updatedAt: now() });
	});
}

/** Approves a submitted record: once the server applies it, the commune receives the record and its findings. */
export function approveInspection(db: AppDb, who: Reviewer, inspectionId: string, comment: string) {
	return write(db, [db.inspections, db.inspectionEvents, db.findings], async () => {
		await recordFor(db, who, inspectionId, 'approve');
		const m = await enqueue(db, 'approveInspection', { inspectionId, comment }, inspectionId);
		await db.inspectionEvents.add(inspectionEvent(who, m.mutationId, inspectionId, 'approved', comment));
		await db.inspections.update(inspectionId, { status: 'approved', updatedAt: now() });
		// Published findings start open (the server sets the same).
		await db.findings
			.where('inspectionId')
			.equals(inspectionId)
			.modify((f: TrackedFinding) => void (f.status ??= 'open'));
	});
}

/** What a reviewer may change on a finding awaiting review; absent fields stay as they are. */
export interface FindingAdjustment {
	severity?: FindingSeverity;
	deadline?: string;
	/** The corrective action the commune must take, as the reviewer words it. */
	recommendation?: string;
	/** The finding's detail (what was seen), as the reviewer words it. */
	detail?: string;
	comment: string;
}

/**
 * The reviewer's change to a finding while its record awaits review. Only what changed is sent;
 * the args are parsed with the shared schema and the deadline checked against the visit with the
 * server's rule, so a change the server would refuse (`deadline_before_visit`,
 * `deadline_too_far`, a text too long or too short) never reaches the outbox.
 * Offline: applied on the device at once; refused by the server if the record was approved or
 * returned meanwhile (then the next pull restores the server's finding). What is applied becomes
 * the reviewer's: a resubmission after a return keeps it (finalize-findings.ts).
 */
export function adjustFinding(db: AppDb, who: Reviewer, findingId: string, change: FindingAdjustment) {
	return write(db, [db.inspections, db.findings, db.findingEvents], async () => {
		const finding = await db.findings.get(findingId);
		const record = finding && (await db.inspections.get(finding.inspectionId));
		if (!finding || !record) throw new NotAllowedError('finding_not_found');
		if (who.role !== 'supervisor' && who.role !== 'admin') throw new NotAllowedError('role_not_allowed');
		if (record.status !== 'submitted') throw new NotAllowedError('not_awaiting_review');
		const differs = (value: string | undefined, current: string) =>
			value !== undefined && value.trim() !== current.trim() ? value : undefined;
		const severity = change.severity && (change.severity === 'critical') !== finding.critical ? change.severity : undefined;
		const deadline = change.deadline && change.deadline !== finding.deadline ? change.deadline : undefined;
		const recommendation = differs(change.recommendation, finding.recommendation);
		const detail = differs(change.detail, finding.detail);
		const args = reviewArgsSchemas.adjustFinding.parse({
			findingId,
			comment: change.comment,
			...(severity ? { severity } : {}),
			...(deadline ? { deadline } : {}),
			...(recommendation !== undefined ? { recommendation } : {}),
			...(detail !== undefined ? { detail } : {})
		});
		if (args.deadline) {
			const problem = checkDeadline(args.deadline, record.startedAt);
			if (problem) throw new RuleRefusedError(problem);
		}
		const { findingId: _id, comment, ...changed } = args;
		const m = await enqueue(db, 'adjustFinding', args, finding.inspectionId);
		await db.findingEvents.add({
			id: m.mutationId,
			findingId,
			inspectionId: finding.inspectionId,
			kind: 'adjusted',
			actorUserId: who.userId,
			actorName: who.displayName,
			at: now(),
			status: statusOf(finding),
			comment,
			...changed
		});
		const { severity: newSeverity, ...fields } = changed;
		await db.findings.update(findingId, { ...(newSeverity ? { critical: newSeverity === 'critical' } : {}), ...fields });
	});
}

/** One finding step with its event: the shared shape of report, verify and reopen. */
async function moveFinding(
	db: AppDb,
	who: Reviewer,
	findingId: string,
	name: FindingTransition,
	queue: (eventId: string, inspectionId: string) => Promise<unknown>,
	details: Partial<FindingEvent>
) {
	const { finding, to } = await findingFor(db, who, findingId, name);
	const eventId = uuidv7();
	await queue(eventId, finding.inspectionId);
	const kind = ({ reportFix: 'fixReported', verify: 'verified', reopen: 'reopened' } as const)[name];
	await db.findingEvents.add({
		id: eventId,
		findingId,
		inspectionId: finding.inspectionId,
		kind,
		actorUserId: who.userId,
		actorName: who.displayName,
		at: now(),
		status: to,
		...details
	});
	await db.findings.update(findingId, { status: to });
}

/**
 * The commune's report of a fix, with photos compressed on the device. Photo bytes are stored
 * like inspection photos and uploaded before the intent (the server refuses it without them).
 */
export function reportFix(db: AppDb, who: Reviewer, findingId: string, text: string, images: PreparedImage[]) {
	return write(db, [db.inspections, db.findings, db.findingEvents, db.blobs], async () => {
		const reportedAt = now();
		const photos: FixPhoto[] = images.map((image) => ({
			id: uuidv7(),
			sha256: image.sha256,
			mime: image.mime,
			size: image.bytes.byteLength,
			width: image.width,
			height: image.height,
			caption: '',
			takenAt: reportedAt
		}));
		await moveFinding(
			db,
			who,
			findingId,
			'reportFix',
			(eventId, inspectionId) => enqueue(db, 'reportFix', { findingId, eventId, text, photos, reportedAt }, inspectionId),
			{ text, photos, reportedAt }
		);
		for (const image of images)
			if (!(await db.blobs.get(image.sha256)))
				await db.blobs.add({ sha256: image.sha256, mime: image.mime, bytes: image.bytes, size: image.bytes.byteLength, uploaded: 0 });
	});
}

/** Accepts a reported fix: the finding is closed. */
export function verifyFix(db: AppDb, who: Reviewer, findingId: string, comment: string) {
	return write(db, [db.inspections, db.findings, db.findingEvents], () =>
		moveFinding(
			db,
			who,
			findingId,
			'verify',
			(eventId, inspectionId) => enqueue(db, 'verifyFix', { findingId, eventId, comment }, inspectionId),
			{ comment }
		)
	);
}

/** Refuses a reported (or accepted) fix with the reason the commune reads. */
export function reopenFinding(db: AppDb, who: Reviewer, findingId: string, reason: string) {
	return write(db, [db.inspections, db.findings, db.findingEvents], () =>
		moveFinding(
			db,
			who,
			findingId,
			'reopen',
			(eventId, inspectionId) => enqueue(db, 'reopenFinding', { findingId, eventId, reason }, inspectionId),
			{ reason }
		)
	);
}
