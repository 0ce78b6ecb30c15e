/**
 * What the inspector does to a record, one function per user action. Each is a single Dexie
 * read-write transaction that writes the row(s) and the matching outbox entry, wrapped in
 * guardedWrite for quota and lost-connection handling.
 *
 * Offline: all of these work with no network. Conflicts: a draft has one writer (its inspector,
 * the trưởng đoàn) until submitted; once submitted, these refuse to change it locally and the
 * server refuses it too. Issue 17: the team's other accounts (`by`, the signed-in user) write
 * only in the sections they hold (team-rules.ts); an answer says which version it was given in
 * sight of (`basedOn`), so the server keeps both when two phones answered without seeing each
 * other (team-record.ts `decideAnswer`), and the trưởng đoàn chooses.
 */
import { Dexie } from 'dexie';
import { uuidv7 } from '$lib/domain/uuid';
import type {
	AnswerSource,
	AnswerValue,
	Finding,
	FindingDraft,
	InspectionHeader,
	InspectionHeaderPatch,
	Officer,
	PhotoMeta,
	SignatureMeta
} from '$lib/domain/inspection';
import type { Template } from '$lib/domain/template';
import { completenessRefusal } from '$lib/domain/completeness';
import { recordFindingOf } from '$lib/domain/finalize-findings';
import { recordState, signatureRefusal } from '$lib/domain/record-state';
import { signedTextOf } from '$lib/domain/signed-text';
import { fingerprintOfSignedText } from '$lib/domain/record-fingerprint';
import type { AppDb, LocalAnswer, LocalInspection } from './app-db';
import { answerStampSchema, type AnswerBasis } from '$lib/domain/team-record';
import { sectionOfItem, teamBlockers, teamSubmitRefusal } from '$lib/domain/team-board';

import { assertMayEditOfficers, assertMayWriteSection, markPartTaken } from './team-rules';
import { toVietnamIso } from '$lib/domain/dates';
import { checkAnswer, checkDeadline } from '$lib/domain/record-rules';
import { restOfSectionPassSlots } from '$lib/domain/speed-aids';
import { NotEditableError, RecordIncompleteError, RuleRefusedError } from './action-errors';

// Defined beside the other refusals, so a toast can word them without loading the actions.
export { NotEditableError, RecordIncompleteError };
import { enqueue } from './outbox';
import { localTemplate } from './template-cache';
import { guardedWrite } from './storage-guard';
import { interviewAnnex } from '$lib/domain/interview';
import { questionnaireLookup } from './questionnaire-cache';

const now = () => new Date().toISOString();

async function editableInspection(db: AppDb, id: string): Promise<LocalInspection> {
	const inspection = await db.inspections.get(id);
	if (!inspection) throw new Error(`Inspection ${id} not found`);
	if (inspection.status !== 'draft' && inspection.status !== 'returned') throw new NotEditableError();
	return inspection;
}

async function touch(db: AppDb, id: string) {
	await db.inspections.update(id, { updatedAt: now() });
}

function write<T>(db: AppDb, tables: Dexie.Table[], body: () => Promise<T>): Promise<T> {
	// The team's holdings and parts (issue 17): a member's write is checked against the first and opens the second.
	const team = [db.sectionHoldings, db.teamParts];
	return guardedWrite(db, () => db.transaction('rw', [...new Set([...tables, ...team]), db.inspections, db.outbox, db.meta], body));
}

/** `selfInspection`: a ward's tự kiểm tra of its own unit (docs/self-inspection.md); the server checks the role. */
export function createInspection(
	db: AppDb,
	input: { header: InspectionHeader; template: Template; createdBy: string; selfInspection?: boolean }
): Promise<string> {
	const id = uuidv7();
	const createdAt = now();
	const args = {
		...input.header,
		id,
		templateId: input.template.id,
		templateVersion: input.template.version,
		sectionIds: input.template.sections.filter((s) => s.enabledByDefault).map((s) => s.id),
		createdBy: input.createdBy,
		createdAt,
		recommendations: '',
		unitOpinion: '',
		...(input.selfInspection ? { kind: 'self' as const } : {})
	};
	return write(db, [], async () => {
		const mutation = await enqueue(db, 'createInspection', args, id);
		if (mutation.name !== 'createInspection') throw new Error('unreachable');
		await db.inspections.add({ ...mutation.args, status: 'draft', endedAt: null, updatedAt: createdAt });
		return id;
	});
}

export type HeaderPatch = InspectionHeaderPatch;

/** Sends only the changed fields. */
export function updateInspectionHeader(db: AppDb, inspectionId: string, patch: HeaderPatch) {
	return write(db, [], async () => {
		await editableInspection(db, inspectionId);
		await enqueue(db, 'updateInspectionHeader', { inspectionId, patch }, inspectionId);
		await db.inspections.update(inspectionId, { ...patch, updatedAt: now() });
	});
}

/**
 * `rosterId` when the officer was picked from the unit's roster (docs/roster.md); absent when typed in.
 * `by`: the signed-in user, when a team member (who must hold a section answered per officer).
 */
export function addOfficer(db: AppDb, inspectionId: string, input: Pick<Officer, 'name' | 'position' | 'desk' | 'rosterId'>, by?: string) {
	return write(db, [db.officers, db.templateVersions], async () => {
		const inspection = await editableInspection(db, inspectionId);
		await assertMayEditOfficers(db, inspection, by, await localTemplate(db, inspection.templateId, inspection.templateVersion));
		await markPartTaken(db, inspection, by);
		const order = await db.officers.where('inspectionId').equals(inspectionId).count();
		const officer: Officer = { ...input, id: uuidv7(), inspectionId, order };
		await enqueue(db, 'addOfficer', officer, inspectionId);
		await db.officers.add(officer);
		await touch(db, inspectionId);
		return officer.id;
	});
}

export function updateOfficer(db: AppDb, officer: Officer, by?: string) {
	return write(db, [db.officers, db.templateVersions], async () => {
		const inspection = await editableInspection(db, officer.inspectionId);
		await assertMayEditOfficers(db, inspection, by, await localTemplate(db, inspection.templateId, inspection.templateVersion));
		await markPartTaken(db, inspection, by);
		await enqueue(db, 'updateOfficer', officer, officer.inspectionId);
		await db.officers.put(officer);
		await touch(db, officer.inspectionId);
	});
}

/** Removes the officer and, with them, their answers and photos. */
export function removeOfficer(db: AppDb, inspectionId: string, officerId: string) {
	return write(db, [db.officers, db.answers, db.photos], async () => {
		await editableInspection(db, inspectionId);
		await enqueue(db, 'removeOfficer', { inspectionId, officerId }, inspectionId);
		await db.officers.delete(officerId);
		await db.answers
			.where('inspectionId')
			.equals(inspectionId)
			.filter((a) => a.officerId === officerId)
			.delete();
		await db.photos
			.where('inspectionId')
			.equals(inspectionId)
			.filter((p) => p.officerId === officerId)
			.delete();
		await touch(db, inspectionId);
	});
}

/**
 * Saves the answer the moment it is given. Keyed by inspection + item + officer, so saving
 * again replaces rather than duplicates, here and on the server. A value the server would refuse
 * against the pinned template (figures that cannot be true, such as more officers present than on
 * the roster: `impossible_count`) throws RuleRefusedError and is neither saved nor queued.
 *
 * `by`: who answers (the signed-in user; the record's writer when not given). The answer keeps
 * them as its author, and the queued intent carries the stamp of the answer shown until now
 * (`basedOn`: null when there was none; left out for an answer stored before answers had
 * authors, which the server then replaces as it always did). A team member outside the
 * sections they hold is refused here (`section_not_held`), as the server would.
 */
export function answerItem(
	db: AppDb,
	input: { inspectionId: string; itemId: string; officerId: string; value?: AnswerValue | null; note?: string; by?: string }
): Promise<LocalAnswer> {
	return write(db, [db.answers, db.templateVersions], async () => {
		const inspection = await editableInspection(db, input.inspectionId);
		await assertMayWriteSection(db, inspection, input.by, sectionOfItem(input.itemId));
		await markPartTaken(db, inspection, input.by);
		const template = await localTemplate(db, inspection.templateId, inspection.templateVersion);
		const answer = await putAnswer(db, inspection, template, input);
		await touch(db, input.inspectionId);
		return answer;
	});
}

/**
 * "Đạt — tất cả công chức": an item answered per officer set to pass for every officer of the
 * record with no answer on it yet, in one transaction, each answer queued as its own
 * `answerItem` exactly as a tap on that officer's "Đạt" would be. A given answer (a fail, a
 * "not observed") is never replaced, so only the exceptions need a tap each. Returns how many
 * officers it answered (0: nothing written, nothing queued).
 */
export function passAllOfficers(db: AppDb, input: { inspectionId: string; itemId: string; by?: string }): Promise<number> {
	return write(db, [db.answers, db.officers, db.templateVersions], async () => {
		const inspection = await editableInspection(db, input.inspectionId);
		await assertMayWriteSection(db, inspection, input.by, sectionOfItem(input.itemId));
		const template = await localTemplate(db, inspection.templateId, inspection.templateVersion);
		const item = template?.sections.flatMap((s) => s.items).find((i) => i.id === input.itemId);
		if (!item?.perOfficer || item.kind !== 'pass') throw new Error(`Item ${input.itemId} is not a pass/fail item answered per officer`);
		const officers = await db.officers.where('inspectionId').equals(input.inspectionId).sortBy('order');
		let answered = 0;
		for (const officer of officers) {
			if ((await db.answers.get([input.inspectionId, input.itemId, officer.id]))?.value) continue;
			await putAnswer(db, inspection, template, { ...input, officerId: officer.id, value: { kind: 'pass', result: 'pass' } });
			answered++;
		}
		if (answered === 0) return 0;
		await markPartTaken(db, inspection, input.by);
		await touch(db, input.inspectionId);
		return answered;
	});
}

/**
 * "Tất cả mục còn lại trong phần này: Đạt", after the inspector confirmed it: every pass/fail
 * slot of the section with no answer yet (each officer's on a per-officer item) set to pass in
 * one transaction, each queued as its own `answerItem` marked `via: 'section_rest_pass'`, so the
 * record says these answers came from that confirmation and not from a look at each item.
 * Figures, choices and texts are left for the inspector, and no given answer is replaced. A team
 * member is refused (`section_not_held`) outside the sections they hold, as for one answer.
 * Returns how many slots it answered (0: nothing written, nothing queued).
 */
export function passRestOfSection(db: AppDb, input: { inspectionId: string; sectionId: string; by?: string }): Promise<number> {
	return write(db, [db.answers, db.officers, db.templateVersions], async () => {
		const inspection = await editableInspection(db, input.inspectionId);
		await assertMayWriteSection(db, inspection, input.by, input.sectionId);
		const template = await localTemplate(db, inspection.templateId, inspection.templateVersion);
		const section = template?.sections.find((s) => s.id === input.sectionId);
		if (!section || !inspection.sectionIds.includes(section.id)) throw new Error(`Section ${input.sectionId} is not on this record`);
		const officers = await db.officers.where('inspectionId').equals(input.inspectionId).sortBy('order');
		const answers = await db.answers.where('inspectionId').equals(input.inspectionId).toArray();
		const given = new Map(answers.map((a) => [`${a.itemId}|${a.officerId}`, a.value]));
		const slots = restOfSectionPassSlots(
			section,
			officers.map((o) => o.id),
			(itemId, officerId) => given.get(`${itemId}|${officerId}`)
		);
		const pass: AnswerValue = { kind: 'pass', result: 'pass' };
		for (const { itemId, officerId } of slots)
			await putAnswer(db, inspection, template, { ...input, itemId, officerId, value: pass, via: 'section_rest_pass' });
		if (slots.length === 0) return 0;
		await markPartTaken(db, inspection, input.by);
		await touch(db, input.inspectionId);
		return slots.length;
	});
}

/**
 * One slot's answer stored and queued, inside the caller's transaction, once the caller has checked
 * who may write. `via` says how a new value was given; a note alone keeps the value's `via`.
 */
async function putAnswer(
	db: AppDb,
	inspection: LocalInspection,
	template: Template | null,
	input: {
		inspectionId: string;
		itemId: string;
		officerId: string;
		value?: AnswerValue | null;
		note?: string;
		via?: AnswerSource;
		by?: string;
	}
): Promise<LocalAnswer> {
	const problem = template && input.value !== undefined ? checkAnswer(template, input.itemId, input.value) : null;
	if (problem) throw new RuleRefusedError(problem);
	const key: [string, string, string] = [input.inspectionId, input.itemId, input.officerId];
	const previous = await db.answers.get(key);
	const { inspectionId, itemId, officerId } = input;
	const via = input.value === undefined ? previous?.via : input.via;
	const answer: LocalAnswer = {
		inspectionId,
		itemId,
		officerId,
		value: input.value === undefined ? (previous?.value ?? null) : input.value,
		note: input.note ?? previous?.note ?? '',
		answeredAt: now(),
		answeredBy: input.by ?? inspection.createdBy,
		...(via ? { via } : {})
	};
	const { answeredBy: _author, ...args } = answer;
	await enqueue(db, 'answerItem', { ...args, ...basisOf(previous) }, input.inspectionId);
	await db.answers.put(answer);
	return answer;
}

/**
 * The `basedOn` of an answer given where `shown` was on screen (see answerItem). An answer with no
 * author the protocol can name (stored before issue 17) gives none: the older rule applies.
 */
function basisOf(shown: LocalAnswer | undefined): { basedOn?: AnswerBasis } {
	if (!shown) return { basedOn: null };
	const stamp = answerStampSchema.safeParse({ answeredBy: shown.answeredBy, answeredAt: shown.answeredAt });
	return stamp.success ? { basedOn: stamp.data } : {};
}

export interface PreparedImage {
	bytes: ArrayBuffer;
	mime: PhotoMeta['mime'];
	sha256: string;
	width: number;
	height: number;
}

/**
 * Stores the compressed photo's bytes (once per hash) and its metadata, queued for sync.
 * `originalSha256`: an annotated copy names the photo of this record it was drawn on (issue 20).
 */
export function attachPhoto(
	db: AppDb,
	input: {
		inspectionId: string;
		itemId: string | null;
		officerId: string;
		image: PreparedImage;
		caption?: string;
		by?: string;
		originalSha256?: string;
	}
) {
	const { image } = input;
	return write(db, [db.photos, db.blobs], async () => {
		const inspection = await editableInspection(db, input.inspectionId);
		// A photo of no item (the record as a whole) is the writer's: '' is no member's section.
		await assertMayWriteSection(db, inspection, input.by, input.itemId ? sectionOfItem(input.itemId) : '');
		await markPartTaken(db, inspection, input.by);
		const meta: PhotoMeta = {
			id: uuidv7(),
			inspectionId: input.inspectionId,
			itemId: input.itemId,
			officerId: input.officerId,
			sha256: image.sha256,
			mime: image.mime,
			size: image.bytes.byteLength,
			width: image.width,
			height: image.height,
			caption: input.caption ?? '',
			takenAt: now(),
			...(input.originalSha256 ? { originalSha256: input.originalSha256 } : {})
		};
		await enqueue(db, 'attachPhoto', meta, input.inspectionId);
		if (!(await db.blobs.get(image.sha256)))
			await db.blobs.add({ sha256: image.sha256, mime: image.mime, bytes: image.bytes, size: meta.size, uploaded: 0 });
		await db.photos.add(meta);
		await touch(db, input.inspectionId);
		return meta.id;
	});
}

export function removePhoto(db: AppDb, inspectionId: string, photoId: string, by?: string) {
	return removePhotos(db, inspectionId, [photoId], by);
}

/**
 * Removes several photos in one transaction, queued in the order given (a gallery entry: its
 * annotated copies first, then their original, photo-gallery.ts). All or none.
 */
export function removePhotos(db: AppDb, inspectionId: string, photoIds: readonly string[], by?: string) {
	return write(db, [db.photos], async () => {
		const inspection = await editableInspection(db, inspectionId);
		for (const photoId of photoIds) {
			const photo = await db.photos.get(photoId);
			await assertMayWriteSection(db, inspection, by, photo?.itemId ? sectionOfItem(photo.itemId) : '');
			await markPartTaken(db, inspection, by);
			await enqueue(db, 'removePhoto', { inspectionId, photoId }, inspectionId);
			await db.photos.delete(photoId);
		}
		await touch(db, inspectionId);
	});
}

/**
 * The inspector's edit of one finding: its corrective action, its deadline, or both. Fields not
 * given keep what the inspector stored before — never the value on screen, which may still show
 * the template's default — so changing the deadline right after typing cannot put the default
 * text back over what was typed. A recommendation stored as '' means "the template's text".
 * A deadline outside the range the server accepts (record-rules.ts: from the visit's date to
 * MAX_DEADLINE_DAYS after it) throws RuleRefusedError with the server's code and is not queued.
 */
export function setFindingDraft(
	db: AppDb,
	input: { inspectionId: string; itemId: string; recommendation?: string; deadline?: string; defaultDeadline: string; by?: string }
) {
	return write(db, [db.findingDrafts], async () => {
		const inspection = await editableInspection(db, input.inspectionId);
		await assertMayWriteSection(db, inspection, input.by, sectionOfItem(input.itemId));
		await markPartTaken(db, inspection, input.by);
		const problem = input.deadline === undefined ? null : checkDeadline(input.deadline, inspection.startedAt);
		if (problem) throw new RuleRefusedError(problem);
		const previous = await db.findingDrafts.get([input.inspectionId, input.itemId]);
		const draft: FindingDraft = {
			inspectionId: input.inspectionId,
			itemId: input.itemId,
			recommendation: input.recommendation ?? previous?.recommendation ?? '',
			deadline: input.deadline ?? previous?.deadline ?? input.defaultDeadline
		};
		await enqueue(db, 'setFindingDraft', draft, input.inspectionId);
		await db.findingDrafts.put(draft);
		await touch(db, input.inspectionId);
	});
}

/**
 * The record as it stands in this database: scores, coverage and the findings it would state,
 * with an earlier submission's finding ids and the reviewer's adjustments carried over, and the
 * canonical text of what a signature given now would cover. Only Dexie reads: usable inside a
 * transaction.
 */
export async function currentRecord(db: AppDb, inspectionId: string, template: Template) {
	const inspection = await db.inspections.get(inspectionId);
	if (!inspection) throw new Error(`Inspection ${inspectionId} not found`);
	const [officers, answers, findingDrafts, findings, events, interviews] = await Promise.all([
		db.officers.where('inspectionId').equals(inspectionId).sortBy('order'),
		db.answers.where('inspectionId').equals(inspectionId).toArray(),
		db.findingDrafts.where('inspectionId').equals(inspectionId).toArray(),
		db.findings.where('inspectionId').equals(inspectionId).toArray(),
		db.findingEvents.where('inspectionId').equals(inspectionId).toArray(),
		db.interviews.where('inspectionId').equals(inspectionId).toArray()
	]);
	// Issue 19: the annex of the citizens' interviews is part of what is signed.
	const questionnaires = interviews.length ? await db.questionnaireVersions.toArray() : [];
	const parts = {
		template,
		inspection,
		officers,
		answers,
		findingDrafts,
		earlier: { findings, adjustments: events.filter((e) => e.kind === 'adjusted') },
		interviewAnnex: interviewAnnex(interviews, questionnaireLookup(questionnaires))
	};
	const state = recordState(parts);
	return { ...parts, ...state, signedText: signedTextOf(parts, state.findings) };
}

/** The team's rows of a record: holdings, members' parts and conflicting answers. */
export async function teamRows(db: AppDb, inspectionId: string) {
	const [holdings, parts, conflicts] = await Promise.all([
		db.sectionHoldings.where('inspectionId').equals(inspectionId).toArray(),
		db.teamParts.where('inspectionId').equals(inspectionId).toArray(),
		db.answerConflicts.where('inspectionId').equals(inspectionId).toArray()
	]);
	return { holdings, parts, conflicts };
}

const recordTables = (db: AppDb) => [
	db.officers,
	db.answers,
	db.findingDrafts,
	db.findings,
	db.findingEvents,
	db.signatures,
	db.interviews,
	db.questionnaireVersions
];

/**
 * Runs `body` in a write transaction with the fingerprint of the record's signed content. The
 * hash (WebCrypto) cannot run inside an IndexedDB transaction, so it is taken first and the
 * canonical text compared again inside: if the record changed in between (another tab), try again.
 */
async function withSignedFingerprint<T>(
	db: AppDb,
	inspectionId: string,
	template: Template,
	tables: Dexie.Table[],
	body: (record: Awaited<ReturnType<typeof currentRecord>>, fingerprint: string) => Promise<T>
): Promise<T> {
	for (let round = 0; round < 3; round++) {
		const before = await currentRecord(db, inspectionId, template);
		const fingerprint = await fingerprintOfSignedText(before.signedText);
		const result = await write(db, [...recordTables(db), ...tables], async () => {
			const record = await currentRecord(db, inspectionId, template);
			if (record.signedText !== before.signedText) return { stale: true as const };
			return { stale: false as const, value: await body(record, fingerprint) };
		});
		if (!result.stale) return result.value;
	}
	throw new Error('The record kept changing while it was being signed or submitted');
}

/**
 * A drawn signature (PNG bytes stored like photos) or a recorded refusal to sign. The signature
 * records the fingerprint of the content as it stands now (`contentFingerprint`): any later
 * change to that content voids it, on screen, on paper and for submission.
 */
export function signInspection(db: AppDb, template: Template, signature: SignatureMeta, png?: ArrayBuffer) {
	return withSignedFingerprint(db, signature.inspectionId, template, [db.blobs], async (_record, fingerprint) => {
		await editableInspection(db, signature.inspectionId);
		const bound: SignatureMeta = { ...signature, contentFingerprint: fingerprint };
		await enqueue(db, 'signInspection', bound, signature.inspectionId);
		if (!bound.refused) {
			if (!png) throw new Error('Signature image missing');
			if (!(await db.blobs.get(bound.sha256)))
				await db.blobs.add({ sha256: bound.sha256, mime: 'image/png', bytes: png, size: png.byteLength, uploaded: 0 });
		}
		await db.signatures.put(bound);
		await touch(db, signature.inspectionId);
	});
}

/**
 * Closes the record: fixes the findings, records the end of the visit (the first time only: a
 * resubmission after a return keeps the visit's end time and records its own `submittedAt`), and
 * hands it to sync. Refused with RecordIncompleteError while items are unanswered, nothing was
 * checked, or the signatures are missing or do not cover the content as it is now; and for a team
 * record (issue 17) while two answers wait for the trưởng đoàn's choice or a member's part has
 * neither come in nor been released (the server refuses both too).
 */
export function submitInspection(db: AppDb, inspectionId: string, template: Template) {
	return withSignedFingerprint(db, inspectionId, template, [db.teamParts, db.answerConflicts], async (record, fingerprint) => {
		const inspection = await editableInspection(db, inspectionId);
		const incomplete = completenessRefusal(record.coverage);
		if (incomplete) throw new RecordIncompleteError(incomplete);
		const team = await teamRows(db, inspectionId);
		const teamRefusal = teamSubmitRefusal(teamBlockers(inspection.createdBy, { ...team, answers: record.answers }));
		if (teamRefusal) throw new RecordIncompleteError({ code: teamRefusal });
		const signatures = await db.signatures.where('inspectionId').equals(inspectionId).toArray();
		const unsigned = signatureRefusal(signatures, fingerprint, inspection.team);
		if (unsigned) throw new RecordIncompleteError({ code: unsigned });
		// In the device's local time with its offset, like startedAt: the record prints the hour
		// as written ("16 giờ 05 phút"), so a UTC time would print seven hours early in Vietnam.
		const submittedAt = toVietnamIso(new Date());
		const endedAt = inspection.endedAt ?? submittedAt;
		const fixed: Finding[] = record.findings.map((f) => ({ ...recordFindingOf(f), id: f.id ?? uuidv7(), inspectionId }));
		await enqueue(db, 'submitInspection', { inspectionId, endedAt, submittedAt, findings: fixed }, inspectionId);
		await db.findings.where('inspectionId').equals(inspectionId).delete();
		await db.findings.bulkAdd(fixed);
		await db.inspections.update(inspectionId, { status: 'submitted', endedAt, submittedAt, updatedAt: now() });
	});
}
