/**
 * A member's part by QR code, on the phones (issue 17, must-show 3).
 *
 * - The member's phone builds its part from its own queued mutations on the record (photos
 *   excepted), signs it with this phone's key and cuts it into QR texts (`buildMyPart`).
 * - The trưởng đoàn's phone, having read every code, checks the part against the team keys it
 *   holds and merges it (`mergePart`): in ONE Dexie transaction it applies each change as the
 *   server would (answers through `decideAnswer`, keeping the member as author, conflicts into
 *   `answerConflicts`) and queues `relayPart`, so the server applies the same changes as the
 *   member once this phone is online. Nothing is merged unless the whole part is accepted.
 *
 * Offline: both work with no network at all. The member's own queue is left as it is; when the
 * member's phone syncs, the server answers the relayed mutations as already applied.
 */
import { Dexie } from 'dexie';
import { mutationArgsSchemas, type MutationArgs } from '$lib/domain/protocol';
import {
	PART_FORMAT,
	authenticatePart,
	partIntentNames,
	signPart,
	type PartIntentName,
	type PartMutation,
	type PartRefusal,
	type SignedPart
} from '$lib/domain/team-part';
import { partToChunks } from '$lib/domain/team-part-transport';
import { decideAnswer, mayWriteSection, type AnswerBasis, type AnswerVersion, type SectionHolding } from '$lib/domain/team-record';
import type { AppDb, LocalAnswer, LocalInspection } from './app-db';
import { ensureDeviceKey, heldTeamKeys } from './device-keys';
import { enqueue, outboxTables } from './outbox';
import { markPartTaken } from './team-rules';
import { guardedWrite } from './storage-guard';

export interface MyPart {
	part: SignedPart;
	chunks: string[];
	/** False until the server has this phone's key: the trưởng đoàn cannot check the part yet. */
	keyRegistered: boolean;
}

/** Nothing of this member's is waiting on this record: nothing to send. */
export class NothingToSendError extends Error {
	constructor() {
		super('No change of yours on this record is waiting to be sent');
		this.name = 'NothingToSendError';
	}
}

const isPartIntent = (name: string): name is PartIntentName => (partIntentNames as readonly string[]).includes(name);

/**
 * This member's part of the record: their mutations on it still waiting in the outbox, in queue
 * order, signed with this phone's key. Changes the server already has reach the trưởng đoàn
 * through the server, not here.
 */
export async function buildMyPart(db: AppDb, userId: string, inspectionId: string): Promise<MyPart> {
	const entries = await db.outbox.where('inspectionId').equals(inspectionId).sortBy('mutation.seq');
	const mutations: PartMutation[] = entries
		.filter((e) => e.state === 'pending' && isPartIntent(e.mutation.name))
		.map(({ mutation: m }) => ({
			mutationId: m.mutationId,
			createdAt: m.createdAt,
			schemaVersion: m.schemaVersion,
			name: m.name as PartIntentName,
			// As JSON carries it: what the signature covers must be what the receiver reads.
			args: JSON.parse(JSON.stringify(m.args)) as Record<string, unknown>
		}));
	if (mutations.length === 0) throw new NothingToSendError();
	const key = await ensureDeviceKey(db, userId);
	const part = await signPart(
		{ format: PART_FORMAT, inspectionId, userId, keyId: key.keyId, createdAt: new Date().toISOString(), mutations },
		key.privateKey
	);
	return { part, chunks: await partToChunks(part), keyRegistered: key.registeredAt !== null };
}

/** Why a part read in full was not merged; the screen words each. */
export type MergeRefusal = PartRefusal | 'not_editable' | 'not_lead' | 'invalid_mutation';

export interface MergeReport {
	/** Changes applied here (answers set or put in conflict, officers, drafts, holdings, hand-in). */
	merged: number;
	/** Answers that became (or joined) a conflict for the trưởng đoàn to choose. */
	conflicts: number;
	/** Changes the member could not make (a section they do not hold): left out here and on the server. */
	skipped: number;
	/** Every change was merged before (the same part read twice): nothing new was queued. */
	already: boolean;
}

export type MergeResult = { ok: true; report: MergeReport } | { ok: false; code: MergeRefusal };

type ParsedInner = { [N in PartIntentName]: { name: N; args: MutationArgs<N> } }[PartIntentName];

/**
 * Checks and merges a member's part into the record on the trưởng đoàn's phone. Refused, with
 * nothing written, when the part is not for this record, not signed by a key held for that
 * member, not from a team member, or carries a change that does not parse; or when this phone's
 * user is not the record's writer or the record is no longer editable.
 */
export async function mergePart(db: AppDb, leadUserId: string, part: SignedPart): Promise<MergeResult> {
	const record = await db.inspections.get(part.inspectionId);
	if (!record) return { ok: false, code: 'wrong_record' };
	if (record.createdBy !== leadUserId) return { ok: false, code: 'not_lead' };
	if (record.status !== 'draft' && record.status !== 'returned') return { ok: false, code: 'not_editable' };
	const members = record.team.map((m) => m.userId).filter((id): id is string => !!id);
	const verdict = await authenticatePart(
		part,
		{ inspectionId: record.id, leadUserId, memberUserIds: members },
		await heldTeamKeys(db, record.id)
	);
	if (!verdict.ok) return { ok: false, code: verdict.code };
	const inner: ParsedInner[] = [];
	for (const m of part.mutations) {
		const parsed = mutationArgsSchemas[m.name].safeParse(m.args);
		if (!parsed.success) return { ok: false, code: 'invalid_mutation' };
		inner.push({ name: m.name, args: parsed.data } as ParsedInner);
	}
	const tables = [
		db.answers,
		db.answerConflicts,
		db.officers,
		db.findingDrafts,
		db.sectionHoldings,
		db.teamParts,
		db.inspections,
		...outboxTables(db)
	];
	return guardedWrite(db, () =>
		db.transaction('rw', tables, async () => {
			if (await alreadyRelayed(db, part)) return { ok: true as const, report: { merged: 0, conflicts: 0, skipped: 0, already: true } };
			const report: MergeReport = { merged: 0, conflicts: 0, skipped: 0, already: false };
			for (const change of inner) {
				const before = report.merged;
				await mergeOne(db, record, part.userId, change, report);
				// The member's write opens their part, as their own push would (a hand-in after it closes it again).
				if (report.merged > before && change.name !== 'handInPart') await markPartTaken(db, record, part.userId);
			}
			await enqueue(db, 'relayPart', part, record.id);
			await db.inspections.update(record.id, { updatedAt: new Date().toISOString() });
			return { ok: true as const, report };
		})
	);
}

/** Every mutation of this part is in a relay already queued here (the same codes read twice). */
async function alreadyRelayed(db: AppDb, part: SignedPart): Promise<boolean> {
	const relays = await db.outbox
		.where('inspectionId')
		.equals(part.inspectionId)
		.filter((e) => e.mutation.name === 'relayPart')
		.toArray();
	const queued = new Set(relays.flatMap((e) => (e.mutation.args as SignedPart).mutations.map((m) => m.mutationId)));
	return part.mutations.every((m) => queued.has(m.mutationId));
}

async function holdingsOf(db: AppDb, inspectionId: string): Promise<SectionHolding[]> {
	return db.sectionHoldings.where('inspectionId').equals(inspectionId).toArray();
}

/** One change as the member's own push would make it on the server, inside the merge's transaction. */
async function mergeOne(db: AppDb, record: LocalInspection, memberId: string, change: ParsedInner, report: MergeReport): Promise<void> {
	if (!Dexie.currentTransaction) throw new Error('mergeOne outside a transaction');
	const mayWrite = async (itemId: string) => mayWriteSection(await holdingsOf(db, record.id), record.createdBy, memberId, itemId.charAt(0));
	switch (change.name) {
		case 'answerItem': {
			const a = change.args;
			if (!(await mayWrite(a.itemId))) return void report.skipped++;
			const key: [string, string, string] = [a.inspectionId, a.itemId, a.officerId];
			const stored = await db.answers.get(key);
			const open = (await db.answerConflicts.get(key)) ?? null;
			const incoming = { value: a.value, note: a.note, answeredBy: memberId, answeredAt: a.answeredAt, basedOn: basedOnOf(a) };
			const decision = decideAnswer(stored ? versionOf(stored) : null, incoming, open);
			if (decision.kind === 'keep') return void report.merged++;
			const answer = decision.kind === 'set' ? incoming : decision.answer;
			// The mark of a confirmed "all remaining pass" (issue 20) goes with the member's version when it is set.
			const via = decision.kind === 'set' && a.via ? { via: a.via } : {};
			const row: LocalAnswer = { inspectionId: a.inspectionId, itemId: a.itemId, officerId: a.officerId, ...versionOf(answer), ...via };
			await db.answers.put(row);
			if (decision.kind === 'conflict') {
				await db.answerConflicts.put({
					inspectionId: a.inspectionId,
					itemId: a.itemId,
					officerId: a.officerId,
					versions: decision.versions,
					resolvedBy: null,
					resolvedAt: null,
					chosen: null
				});
				report.conflicts++;
			}
			return void report.merged++;
		}
		case 'setFindingDraft':
			if (!(await mayWrite(change.args.itemId))) return void report.skipped++;
			await db.findingDrafts.put(change.args);
			return void report.merged++;
		case 'addOfficer':
		case 'updateOfficer':
			// The server decides whether the member may (a held section with per-officer items).
			await db.officers.put(change.args);
			return void report.merged++;
		case 'holdSections': {
			const { sectionIds, userId } = change.args;
			const holdings = await holdingsOf(db, record.id);
			const holder = (sectionId: string) => holdings.find((h) => h.sectionId === sectionId)?.userId ?? null;
			// A member takes free sections for themselves, or frees their own.
			const allowed =
				userId === memberId
					? sectionIds.every((s) => [null, memberId].includes(holder(s)))
					: userId === null && sectionIds.every((s) => holder(s) === memberId);
			if (!allowed) return void report.skipped++;
			for (const sectionId of sectionIds) {
				if (userId === null) await db.sectionHoldings.delete([record.id, sectionId]);
				else await db.sectionHoldings.put({ inspectionId: record.id, sectionId, userId });
			}
			return void report.merged++;
		}
		case 'handInPart':
			await db.teamParts.put({
				inspectionId: record.id,
				userId: memberId,
				state: 'handed_in',
				via: 'qr',
				reason: '',
				at: change.args.handedInAt
			});
			return void report.merged++;
	}
}

function versionOf(a: { value: AnswerVersion['value']; note: string; answeredBy: string; answeredAt: string }): AnswerVersion {
	return { value: a.value, note: a.note, answeredBy: a.answeredBy, answeredAt: a.answeredAt };
}

/** What the member had seen of the item (`basedOn` of `answerItem`); absent from older apps. */
function basedOnOf(args: object): AnswerBasis {
	return (args as { basedOn?: AnswerBasis }).basedOn;
}
