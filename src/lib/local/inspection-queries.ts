/**
 * Reads of the device database for the inspector's screens. Pure reads: safe offline. Written
 * against `DeviceReads`, so the first paint runs them before Dexie has loaded (device-reads.ts).
 */
import type { LocalAnswer, LocalInspection } from './app-db';
import type { DeviceReads } from './device-reads';
import { myVisits, type MyVisit, type PlannedRecord } from '$lib/domain/planned-visits';
import type { AnswerConflict, SectionHolding, TeamPart } from '$lib/domain/team-record';
import type { Finding, FindingDraft, Officer, PhotoMeta, SignatureMeta } from '$lib/domain/inspection';
import type { FindingEvent } from '$lib/domain/review-events';
import { localTemplate } from './template-cache';
import type { Interview, InterviewAnnex } from '$lib/domain/interview';
import { questionnaireLookup } from './questionnaire-cache';

export interface InspectionListRow {
	inspection: LocalInspection;
	/** Changes of this inspection not yet acknowledged by the server. */
	pending: number;
	rejected: number;
}

export async function listInspections(db: DeviceReads): Promise<InspectionListRow[]> {
	const [inspections, outbox] = await Promise.all([db.inspections.orderBy('updatedAt').reverse().toArray(), db.outbox.toArray()]);
	const counts = new Map<string, { pending: number; rejected: number }>();
	for (const e of outbox) {
		if (!e.inspectionId) continue;
		const c = counts.get(e.inspectionId) ?? { pending: 0, rejected: 0 };
		c[e.state === 'pending' ? 'pending' : 'rejected']++;
		counts.set(e.inspectionId, c);
	}
	return inspections.map((inspection) => ({ inspection, pending: 0, rejected: 0, ...counts.get(inspection.id) }));
}

/** The ward's own self-inspections on this device (the only ones it ever holds), newest first. */
export async function listSelfInspections(db: DeviceReads): Promise<InspectionListRow[]> {
	return (await listInspections(db)).filter((row) => row.inspection.kind === 'self');
}

export interface InspectionBundle {
	inspection: LocalInspection;
	officers: Officer[];
	answers: LocalAnswer[];
	photos: PhotoMeta[];
	signatures: SignatureMeta[];
	findingDrafts: FindingDraft[];
	findings: Finding[];
	/** The reviewer's adjustments to this record's findings (kept across a resubmission). */
	adjustments: FindingEvent[];
	/**
	 * Whether this device has the template version the record pinned. The template itself is
	 * read with `loadedTemplate`, outside this bundle: a component keeps the bundle in `$state`,
	 * whose deep proxy must not reach template parts copied into rows IndexedDB stores (findings'
	 * legal bases), which cannot be cloned.
	 */
	hasTemplate: boolean;
	/** Issue 17: who holds which section, answers waiting for the trưởng đoàn's choice, members' parts. */
	holdings: SectionHolding[];
	conflicts: AnswerConflict[];
	parts: TeamPart[];
	/** Issue 19: citizens' exit interviews of the visit, oldest first, and the annex the record prints of them. */
	interviews: Interview[];
	interviewAnnex: InterviewAnnex | null;
}

export async function loadInspectionBundle(db: DeviceReads, id: string): Promise<InspectionBundle | null> {
	const inspection = await db.inspections.get(id);
	if (!inspection) return null;
	const [officers, answers, photos, signatures, findingDrafts, findings, events, template, holdings, conflicts, parts, interviews] =
		await Promise.all([
			db.officers.where('inspectionId').equals(id).sortBy('order'),
			db.answers.where('inspectionId').equals(id).toArray(),
			db.photos.where('inspectionId').equals(id).toArray(),
			db.signatures.where('inspectionId').equals(id).toArray(),
			db.findingDrafts.where('inspectionId').equals(id).toArray(),
			db.findings.where('inspectionId').equals(id).toArray(),
			db.findingEvents.where('inspectionId').equals(id).toArray(),
			localTemplate(db, inspection.templateId, inspection.templateVersion),
			db.sectionHoldings.where('inspectionId').equals(id).toArray(),
			db.answerConflicts.where('inspectionId').equals(id).toArray(),
			db.teamParts.where('inspectionId').equals(id).toArray(),
			db.interviews.where('inspectionId').equals(id).sortBy('takenAt')
		]);
	// A record without interviews has no annex: the scoring module (and zod with it) then stays
	// out of the record pages' first paint (issue 20: offline cold start).
	let annex: InterviewAnnex | null = null;
	if (interviews.length > 0) {
		const [{ interviewAnnex }, questionnaires] = await Promise.all([import('$lib/domain/interview'), db.questionnaireVersions.toArray()]);
		annex = interviewAnnex(interviews, questionnaireLookup(questionnaires));
	}
	const adjustments = events.filter((e) => e.kind === 'adjusted');
	return {
		inspection,
		officers,
		answers,
		photos,
		signatures,
		findingDrafts,
		findings,
		adjustments,
		hasTemplate: template !== null,
		holdings,
		conflicts,
		parts,
		interviews,
		interviewAnnex: annex
	};
}

/**
 * A URL for a photo or signature: the local bytes when this device has them, else the
 * server's copy (pulled records from another device; shown when online).
 */
export async function blobUrl(db: DeviceReads, sha256: string): Promise<string | null> {
	const blob = await db.blobs.get(sha256);
	return blob ? URL.createObjectURL(new Blob([blob.bytes], { type: blob.mime })) : `/api/blobs/${sha256}`;
}

/**
 * Changes to this inspection the server has not acknowledged (pending, or rejected and kept for
 * the user): while any exist, the server's copy of the record may differ from this device's.
 */
export function unsyncedChangeCount(db: DeviceReads, inspectionId: string): Promise<number> {
	return db.outbox.where('inspectionId').equals(inspectionId).count();
}

/** Changes this device has not yet had acknowledged (the header's badge). */
export function pendingChangeCount(db: DeviceReads): Promise<number> {
	return db.outbox.where('state').equals('pending').count();
}

/** The visits still to start, overdue first (domain `myVisits`), as the home page lists them. */
export async function listMyVisits(db: DeviceReads, userId: string, today: string): Promise<MyVisit[]> {
	const planned = (await db.inspections.where('status').equals('planned').toArray()) as PlannedRecord[];
	return myVisits(planned, userId, today);
}
