/**
 * What a record's team does on its phones (issue 17), one function per user action, each one
 * Dexie read-write transaction that writes the local rows and queues the intent together (the
 * rule of inspection-actions.ts): take or hand out sections, choose between two answers, hand in
 * one's part, release a member.
 *
 * Offline: all of these work with no network and show their result at once. The server decides
 * when the intent arrives: a section another member took meanwhile comes back `section_held`
 * (kept visible in the sync panel), and the next pull puts the server's holdings back on the
 * device. The device refuses first what the server would refuse for sure (same codes).
 */
import { Dexie } from 'dexie';
import { holdRefusal, type Principal } from '$lib/domain/permissions';
import { teamUserIds, withTeamAccount } from '$lib/domain/team-board';
import type { AnswerStamp } from '$lib/domain/team-record';
import type { TeamMember } from '$lib/domain/inspection';
import type { AppDb, LocalInspection } from './app-db';
import { NotAllowedError } from './action-errors';
import { enqueue } from './outbox';
import { guardedWrite } from './storage-guard';
import { NotEditableError } from './action-errors';
import { assertLead, markPartTaken } from './team-rules';

const now = () => new Date().toISOString();

function write<T>(db: AppDb, tables: Dexie.Table[], body: () => Promise<T>): Promise<T> {
	return guardedWrite(db, () => db.transaction('rw', [...tables, db.inspections, db.outbox, db.meta], body));
}

async function openRecord(db: AppDb, id: string): Promise<LocalInspection> {
	const inspection = await db.inspections.get(id);
	if (!inspection) throw new NotAllowedError('inspection_not_found');
	if (inspection.status !== 'draft' && inspection.status !== 'returned') throw new NotEditableError();
	return inspection;
}

async function touch(db: AppDb, id: string) {
	await db.inspections.update(id, { updatedAt: now() });
}

/**
 * Puts `sectionIds` in `userId`'s hands, or frees them (`userId` null). A member takes free
 * sections for themselves and frees their own (`section_held` when another member holds one);
 * the trưởng đoàn hands out and takes back any, to any account on the team (`not_on_team`).
 */
export function holdSections(db: AppDb, who: Principal, input: { inspectionId: string; sectionIds: string[]; userId: string | null }) {
	return write(db, [db.sectionHoldings, db.teamParts], async () => {
		const inspection = await openRecord(db, input.inspectionId);
		const holdings = await db.sectionHoldings.where('inspectionId').equals(input.inspectionId).toArray();
		const refusal = holdRefusal(
			who,
			{
				createdBy: inspection.createdBy,
				status: inspection.status,
				unitCode: inspection.unit.code,
				provinceCode: inspection.unit.provinceCode,
				assignedInspectorIds: teamUserIds(inspection.team),
				holdings
			},
			input.sectionIds,
			input.userId
		);
		if (refusal) throw new NotAllowedError(refusal.code === 'forbidden' ? 'author_only' : refusal.code, refusal.reason);
		await enqueue(db, 'holdSections', input, input.inspectionId);
		const keys = input.sectionIds.map((sectionId): [string, string] => [input.inspectionId, sectionId]);
		if (input.userId === null) await db.sectionHoldings.bulkDelete(keys);
		else {
			const userId = input.userId;
			await db.sectionHoldings.bulkPut(input.sectionIds.map((sectionId) => ({ inspectionId: input.inspectionId, sectionId, userId })));
			await markPartTaken(db, inspection, who.userId);
		}
		await touch(db, input.inspectionId);
	});
}

/**
 * The trưởng đoàn's choice between the versions of one answer: the chosen version becomes the
 * answer, with its own author and time, and the conflict stays listed as resolved.
 */
export function resolveAnswerConflict(
	db: AppDb,
	by: string,
	input: { inspectionId: string; itemId: string; officerId: string; chosen: AnswerStamp }
) {
	return write(db, [db.answerConflicts, db.answers], async () => {
		const inspection = await openRecord(db, input.inspectionId);
		assertLead(inspection, by);
		const key: [string, string, string] = [input.inspectionId, input.itemId, input.officerId];
		const conflict = await db.answerConflicts.get(key);
		const version = conflict?.versions.find((v) => v.answeredBy === input.chosen.answeredBy && v.answeredAt === input.chosen.answeredAt);
		if (!conflict || !version) throw new NotAllowedError('unknown_answer_version');
		await enqueue(db, 'resolveAnswerConflict', input, input.inspectionId);
		await db.answerConflicts.put({ ...conflict, resolvedBy: by, resolvedAt: now(), chosen: input.chosen });
		await db.answers.put({ inspectionId: input.inspectionId, itemId: input.itemId, officerId: input.officerId, ...version });
		await touch(db, input.inspectionId);
	});
}

/**
 * A member says their part is complete. Queued after their last change, so the server applies
 * it after them; a later change of theirs opens the part again (the server's rule).
 */
export function handInPart(db: AppDb, by: string, inspectionId: string) {
	return write(db, [db.teamParts], async () => {
		const inspection = await openRecord(db, inspectionId);
		if (by === inspection.createdBy) throw new NotAllowedError('author_only', 'The trưởng đoàn has no part to hand in');
		const handedInAt = now();
		await enqueue(db, 'handInPart', { inspectionId, handedInAt }, inspectionId);
		await db.teamParts.put({ inspectionId, userId: by, state: 'handed_in', via: 'server', reason: '', at: handedInAt });
		await touch(db, inspectionId);
	});
}

/**
 * The trưởng đoàn goes on without a member's part, saying why (at least 3 characters). A part
 * already handed in keeps its hand-in (the server's rule too).
 */
export function releaseMember(db: AppDb, by: string, input: { inspectionId: string; userId: string; reason: string }) {
	return write(db, [db.teamParts], async () => {
		const inspection = await openRecord(db, input.inspectionId);
		assertLead(inspection, by);
		if (!teamUserIds(inspection.team).includes(input.userId)) throw new NotAllowedError('not_on_team');
		const mutation = await enqueue(db, 'releaseMember', input, input.inspectionId);
		if (mutation.name !== 'releaseMember') throw new Error('unreachable');
		const { reason } = mutation.args;
		if ((await db.teamParts.get([input.inspectionId, input.userId]))?.state === 'handed_in') return;
		await db.teamParts.put({ inspectionId: input.inspectionId, userId: input.userId, state: 'released', via: null, reason, at: now() });
		await touch(db, input.inspectionId);
	});
}

/**
 * The trưởng đoàn puts a colleague's account on the record's team (an unplanned visit, whose team
 * was typed in): queued as `updateInspectionHeader` with the whole team, after which the server
 * lets that account open the record and its phone receives it. Works offline once the account is
 * known; an account already on the team is refused with `already_exists`.
 */
export function addTeamAccount(
	db: AppDb,
	by: string,
	input: { inspectionId: string; account: { id: string; name: string }; role: Exclude<TeamMember['role'], 'truong_doan'> }
) {
	return write(db, [], async () => {
		const inspection = await openRecord(db, input.inspectionId);
		assertLead(inspection, by);
		if (input.account.id === inspection.createdBy || teamUserIds(inspection.team).includes(input.account.id))
			throw new NotAllowedError('already_exists');
		const member: TeamMember = { userId: input.account.id, name: input.account.name, role: input.role, position: '', organisation: '' };
		const team = withTeamAccount(inspection.team, inspection.createdBy, member);
		await enqueue(db, 'updateInspectionHeader', { inspectionId: input.inspectionId, patch: { team } }, input.inspectionId);
		await db.inspections.update(input.inspectionId, { team, updatedAt: now() });
	});
}
