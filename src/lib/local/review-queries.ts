/**
 * Reads of the device database for review and remediation screens: the supervisor's inbox, the
 * commune's findings, one finding with its history, one commune over time, and the counts that
 * ask each role to act. Pure reads: they work offline on whatever the last pull brought, which
 * is already limited by the server to what this user may see.
 */
import type { Principal } from '$lib/domain/permissions';
import {
	actionCounts,
	newestFirst,
	type ActionCounts,
	type FindingEvent,
	type InspectionEvent,
	type TrackedFinding
} from '$lib/domain/review-events';
import { today } from '$lib/domain/dates';
import { recordCoverage, type RecordCoverage } from '$lib/domain/completeness';
import { scoreInspection } from '$lib/domain/scoring';
import { localTemplate } from './template-cache';
import type { AppDb, LocalInspection } from './app-db';
import type { DeviceReads } from './device-reads';

export function countsFor(db: DeviceReads, p: Principal): Promise<ActionCounts> {
	return Promise.all([db.inspections.toArray(), db.findings.toArray()]).then(([inspections, findings]) =>
		actionCounts(p, { inspections, findings }, today())
	);
}

export interface InboxRow {
	inspection: LocalInspection;
	/** How much of the checklist was checked; null when the template is not on this device. */
	coverage: RecordCoverage | null;
	/** The overall score (0–1), as the record prints it; null when unscorable or the template is missing. */
	score: number | null;
	/** Findings of the record, and how many of them are critical. */
	findings: number;
	critical: number;
}

/** Records waiting for review, oldest submission first (first come, first reviewed), with their coverage. */
export async function reviewInbox(db: AppDb): Promise<InboxRow[]> {
	// Never a self-inspection: nobody reviews one (docs/self-inspection.md).
	const rows = (await db.inspections.where('status').equals('submitted').toArray()).filter((i) => i.kind !== 'self');
	const when = (i: LocalInspection) => String(i.submittedAt ?? i.endedAt ?? i.startedAt);
	rows.sort((a, b) => when(a).localeCompare(when(b)));
	return Promise.all(
		rows.map(async (inspection) => {
			const template = await localTemplate(db, inspection.templateId, inspection.templateVersion);
			const found = await db.findings.where('inspectionId').equals(inspection.id).toArray();
			const counts = { findings: found.length, critical: found.filter((f) => f.critical).length };
			if (!template) return { inspection, coverage: null, score: null, ...counts };
			const [officers, answers] = await Promise.all([
				db.officers.where('inspectionId').equals(inspection.id).toArray(),
				db.answers.where('inspectionId').equals(inspection.id).toArray()
			]);
			const input = { template, sectionIds: inspection.sectionIds, officers, answers };
			return { inspection, coverage: recordCoverage(input), score: scoreInspection(input).overall, ...counts };
		})
	);
}

export interface FindingRow {
	finding: TrackedFinding;
	inspection: LocalInspection;
}

/** Findings of approved records, those with the nearest deadline first. */
export async function publishedFindings(db: AppDb): Promise<FindingRow[]> {
	const approved = await db.inspections.where('status').equals('approved').toArray();
	const byId = new Map(approved.map((i) => [i.id, i]));
	const findings = await db.findings
		.where('inspectionId')
		.anyOf([...byId.keys()])
		.toArray();
	return findings
		.map((finding) => ({ finding, inspection: byId.get(finding.inspectionId)! }))
		.sort((a, b) => a.finding.deadline.localeCompare(b.finding.deadline) || a.finding.itemId.localeCompare(b.finding.itemId));
}

export interface FindingBundle extends FindingRow {
	events: FindingEvent[];
}

export async function loadFinding(db: AppDb, id: string): Promise<FindingBundle | null> {
	const finding = await db.findings.get(id);
	const inspection = finding && (await db.inspections.get(finding.inspectionId));
	if (!finding || !inspection) return null;
	const events = await db.findingEvents.where('findingId').equals(id).toArray();
	return { finding, inspection, events: newestFirst(events) };
}

export function reviewEvents(db: DeviceReads, inspectionId: string): Promise<InspectionEvent[]> {
	return db.inspectionEvents.where('inspectionId').equals(inspectionId).toArray().then(newestFirst);
}

export interface CommuneHistory {
	inspections: LocalInspection[];
	findings: TrackedFinding[];
}

/**
 * Every official inspection of one commune this device holds, newest first, with their findings.
 * The ward's own self-inspections are not part of the commune's inspection history (they are
 * listed apart, on the ward's home).
 */
export async function communeHistory(db: AppDb, unitCode: number): Promise<CommuneHistory> {
	const all = await db.inspections.toArray();
	const inspections = all
		.filter((i) => i.unit.code === unitCode && i.kind !== 'self')
		.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
	const findings = await db.findings
		.where('inspectionId')
		.anyOf(inspections.map((i) => i.id))
		.toArray();
	return { inspections, findings };
}
