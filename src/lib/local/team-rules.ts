/**
 * The device's side of the team rules (issue 17), checked inside the action's transaction before
 * anything is written or queued, so a member's phone refuses what the server would refuse with the
 * same code (`section_not_held`) instead of queueing a change that would come back rejected.
 * The server stays the authority: a holding changed meanwhile on another phone is caught there.
 */
import { mayWriteSection } from '$lib/domain/team-holdings';
import type { Template } from '$lib/domain/template';
import type { AppDb, LocalInspection } from './app-db';
import { NotAllowedError } from './action-errors';

/** `by` undefined: the caller predates teams and acts as the record's writer. */
const isLead = (inspection: LocalInspection, by: string | undefined) => by === undefined || by === inspection.createdBy;

async function holdingsOf(db: AppDb, inspectionId: string) {
	return db.sectionHoldings.where('inspectionId').equals(inspectionId).toArray();
}

/** Refuses (`section_not_held`) unless `by` is the writer or holds `sectionId`. */
export async function assertMayWriteSection(
	db: AppDb,
	inspection: LocalInspection,
	by: string | undefined,
	sectionId: string
): Promise<void> {
	if (isLead(inspection, by)) return;
	if (!mayWriteSection(await holdingsOf(db, inspection.id), inspection.createdBy, by!, sectionId))
		throw new NotAllowedError('section_not_held');
}

/**
 * Officers are the writer's, and a member's who holds a section answered per officer (they must
 * name the officers they watch): refused with `section_not_held` otherwise.
 */
export async function assertMayEditOfficers(db: AppDb, inspection: LocalInspection, by: string | undefined, template: Template | null) {
	if (isLead(inspection, by)) return;
	const held = new Set((await holdingsOf(db, inspection.id)).filter((h) => h.userId === by).map((h) => h.sectionId));
	const perOfficer = template?.sections.some((s) => held.has(s.id) && s.items.some((i) => i.perOfficer)) ?? false;
	if (!perOfficer) throw new NotAllowedError('section_not_held');
}

/** The actions only the trưởng đoàn takes (choose between answers, release a member): `author_only` otherwise. */
export function assertLead(inspection: LocalInspection, by: string): void {
	if (by !== inspection.createdBy) throw new NotAllowedError('author_only');
}

/**
 * A member's write makes their part open, as the server does on the write's arrival: listed when
 * it is their first, open again when it comes after their hand-in (what they handed in is no
 * longer all of it). A release stands. Call inside the write's transaction (it needs teamParts).
 */
export async function markPartTaken(db: AppDb, inspection: LocalInspection, by: string | undefined): Promise<void> {
	if (isLead(inspection, by)) return;
	const part = await db.teamParts.get([inspection.id, by!]);
	if (part && part.state !== 'handed_in') return;
	await db.teamParts.put({ inspectionId: inspection.id, userId: by!, state: 'open', via: null, reason: '', at: null });
}
