/**
 * What the inspector does to a record, one function per user action. Each is a single Dexie
 * read-write transaction that writes the row(s) and the matching outbox entry, wrapped in
 * guardedWrite for quota and lost-connection handling.
 *
 * Offline: all of these work with no network. Conflicts: a draft has a single writer (its
 * inspector) until submitted, so the device's version stands; once submitted, these refuse to
 * change it locally and the server refuses it too.
 */
import { Dexie } from 'dexie';
import { uuidv7 } from '$lib/domain/ids';
import type {
	Answer,
	AnswerValue,
	Finding,
	InspectionHeader,
	InspectionHeaderPatch,
	Officer,
	PhotoMeta,
	SignatureMeta
} from '$lib/domain/inspection';
import type { Template } from '$lib/domain/template';
import type { AppDb, LocalInspection } from './app-db';
import { toVietnamIso } from '$lib/domain/dates';
import { enqueue } from './outbox';
import { guardedWrite } from './storage-guard';

const now = () => new Date().toISOString();

export class NotEditableError extends Error {
	constructor() {
		super('The record is finished and can no longer be edited');
		this.name = 'NotEditableError';
	}
}

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
	return guardedWrite(db, () => db.transaction('rw', [...tables, db.inspections, db.outbox, db.meta], body));
}

export function createInspection(db: AppDb, input: { header: InspectionHeader; template: Template; createdBy: string }): Promise<string> {
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
		unitOpinion: ''
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

export function addOfficer(db: AppDb, inspectionId: string, input: Pick<Officer, 'name' | 'position' | 'desk'>) {
	return write(db, [db.officers], async () => {
		await editableInspection(db, inspectionId);
		const order = await db.officers.where('inspectionId').equals(inspectionId).count();
		const officer: Officer = { ...input, id: uuidv7(), inspectionId, order };
		await enqueue(db, 'addOfficer', officer, inspectionId);
		await db.officers.add(officer);
		await touch(db, inspectionId);
		return officer.id;
	});
}

export function updateOfficer(db: AppDb, officer: Officer) {
	return write(db, [db.officers], async () => {
		await editableInspection(db, officer.inspectionId);
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
 * again replaces rather than duplicates, here and on the server.
 */
export function answerItem(
	db: AppDb,
	input: { inspectionId: string; itemId: string; officerId: string; value?: AnswerValue | null; note?: string }
) {
	return write(db, [db.answers], async () => {
		await editableInspection(db, input.inspectionId);
		const key: [string, string, string] = [input.inspectionId, input.itemId, input.officerId];
		const previous = await db.answers.get(key);
		const answer: Answer = {
			inspectionId: input.inspectionId,
			itemId: input.itemId,
			officerId: input.officerId,
			value: input.value === undefined ? (previous?.value ?? null) : input.value,
			note: input.note ?? previous?.note ?? '',
			answeredAt: now()
		};
		await enqueue(db, 'answerItem', answer, input.inspectionId);
		await db.answers.put(answer);
		await touch(db, input.inspectionId);
		return answer;
	});
}

export interface PreparedImage {
	bytes: ArrayBuffer;
	mime: PhotoMeta['mime'];
	sha256: string;
	width: number;
	height: number;
}

/** Stores the compressed photo's bytes (once per hash) and its metadata, queued for sync. */
export function attachPhoto(
	db: AppDb,
	input: { inspectionId: string; itemId: string | null; officerId: string; image: PreparedImage; caption?: string }
) {
	const { image } = input;
	return write(db, [db.photos, db.blobs], async () => {
		await editableInspection(db, input.inspectionId);
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
			takenAt: now()
		};
		await enqueue(db, 'attachPhoto', meta, input.inspectionId);
		if (!(await db.blobs.get(image.sha256)))
			await db.blobs.add({ sha256: image.sha256, mime: image.mime, bytes: image.bytes, size: meta.size, uploaded: 0 });
		await db.photos.add(meta);
		await touch(db, input.inspectionId);
		return meta.id;
	});
}

export function removePhoto(db: AppDb, inspectionId: string, photoId: string) {
	return write(db, [db.photos], async () => {
		await editableInspection(db, inspectionId);
		await enqueue(db, 'removePhoto', { inspectionId, photoId }, inspectionId);
		await db.photos.delete(photoId);
		await touch(db, inspectionId);
	});
}

export function setFindingDraft(db: AppDb, input: { inspectionId: string; itemId: string; recommendation: string; deadline: string }) {
	return write(db, [db.findingDrafts], async () => {
		await editableInspection(db, input.inspectionId);
		await enqueue(db, 'setFindingDraft', input, input.inspectionId);
		await db.findingDrafts.put(input);
		await touch(db, input.inspectionId);
	});
}

/** A drawn signature (PNG bytes stored like photos) or a recorded refusal to sign. */
export function signInspection(db: AppDb, signature: SignatureMeta, png?: ArrayBuffer) {
	return write(db, [db.signatures, db.blobs], async () => {
		await editableInspection(db, signature.inspectionId);
		await enqueue(db, 'signInspection', signature, signature.inspectionId);
		if (!signature.refused) {
			if (!png) throw new Error('Signature image missing');
			if (!(await db.blobs.get(signature.sha256)))
				await db.blobs.add({ sha256: signature.sha256, mime: 'image/png', bytes: png, size: png.byteLength, uploaded: 0 });
		}
		await db.signatures.put(signature);
		await touch(db, signature.inspectionId);
	});
}

/** Closes the record: fixes the findings, records the end time, and hands it to sync. */
export function submitInspection(db: AppDb, inspectionId: string, findings: Omit<Finding, 'id' | 'inspectionId'>[]) {
	return write(db, [db.findings], async () => {
		await editableInspection(db, inspectionId);
		// In the device's local time with its offset, like startedAt: the record prints the hour
		// as written ("16 giờ 05 phút"), so a UTC time would print seven hours early in Vietnam.
		const endedAt = toVietnamIso(new Date());
		const fixed: Finding[] = findings.map((f) => ({ ...f, id: uuidv7(), inspectionId }));
		await enqueue(db, 'submitInspection', { inspectionId, endedAt, findings: fixed }, inspectionId);
		await db.findings.where('inspectionId').equals(inspectionId).delete();
		await db.findings.bulkAdd(fixed);
		await db.inspections.update(inspectionId, { status: 'submitted', endedAt, updatedAt: now() });
	});
}
