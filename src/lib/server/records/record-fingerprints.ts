/**
 * The server's side of record verification: the fingerprint of the record it holds, computed
 * from the database with the same shared canonical form the device uses when printing.
 *
 * Only records that left the inspector's hands count: a draft (or one returned for changes)
 * is not a record yet, and for verification it is as unknown as an id that never existed.
 */
import type { Kysely } from 'kysely';
import type { InspectionStatus } from '$lib/domain/inspection';
import {
	recordFingerprint,
	sameFingerprint,
	signatureCoverage,
	signedContentFingerprint,
	VERIFIABLE_STATUSES,
	type RecordContent
} from '$lib/domain/record-fingerprint';
import type { Database } from '../db/schema';
import { documentOf } from '../sync/handlers/inspections';
import { answerOf, findingOf, officerOf, signatureOf } from '../sync/row-converters';
import { recordSignatures } from '$lib/domain/team-signatures';
import { interviewAnnexOf } from './interview-annex';

/** One inspection with the parts the fingerprint reads, as the shared wire shapes; null if absent. */
export async function loadRecordContent(
	db: Kysely<Database>,
	inspectionId: string
): Promise<{ status: InspectionStatus; content: RecordContent } | null> {
	// All at once, whether or not the record exists: an unknown id should not answer faster.
	const [row, officers, answers, signatures, findings, interviewAnnex] = await Promise.all([
		db.selectFrom('inspections').selectAll().where('id', '=', inspectionId).executeTakeFirst(),
		db.selectFrom('officers').selectAll().where('inspection_id', '=', inspectionId).orderBy('sort_order').execute(),
		db.selectFrom('answers').selectAll().where('inspection_id', '=', inspectionId).execute(),
		db.selectFrom('signatures').selectAll().where('inspection_id', '=', inspectionId).execute(),
		db.selectFrom('findings').selectAll().where('inspection_id', '=', inspectionId).execute(),
		interviewAnnexOf(db, inspectionId)
	]);
	if (!row) return null;
	const inspection = documentOf(row);
	return {
		status: inspection.status,
		content: {
			inspection,
			officers: officers.map(officerOf),
			answers: answers.map(answerOf),
			signatures: signatures.map(signatureOf),
			findings: findings.map(findingOf),
			interviewAnnex
		}
	};
}

/** The fingerprint of the record as the server holds it, or null when it is not a verifiable record. */
export async function serverFingerprint(db: Kysely<Database>, inspectionId: string): Promise<string | null> {
	const loaded = await loadRecordContent(db, inspectionId);
	if (!loaded || !VERIFIABLE_STATUSES.includes(loaded.status)) return null;
	return recordFingerprint(loaded.content);
}

/**
 * Does `fingerprint` match the server's record `inspectionId`? An unknown id, a draft and a
 * wrong fingerprint all give the same `false`, so the answer reveals nothing about which
 * records exist. Callers validate both inputs first (verifyQuerySchema).
 */
export async function verifyRecordFingerprint(db: Kysely<Database>, inspectionId: string, fingerprint: string): Promise<boolean> {
	const held = await serverFingerprint(db, inspectionId);
	// Compared even when there is no record, so both answers cost about the same.
	return sameFingerprint(held ?? '0000-0000-0000-0000', fingerprint) && held !== null;
}

/**
 * The public check's answer: does the fingerprint match, and if it does, do the record's
 * signatures cover its content as the server holds it now (false when a signature was given for
 * an earlier version, e.g. before a reviewer changed a deadline), and whether it is a ward's
 * self-inspection. Nothing is said about a record that does not match.
 */
export async function verifyRecord(
	db: Kysely<Database>,
	inspectionId: string,
	fingerprint: string
): Promise<{ verified: false } | { verified: true; signaturesCoverContent: boolean; selfInspection: boolean }> {
	const loaded = await loadRecordContent(db, inspectionId);
	const verifiable = loaded !== null && VERIFIABLE_STATUSES.includes(loaded.status);
	const held = verifiable ? await recordFingerprint(loaded.content) : null;
	if (!(sameFingerprint(held ?? '0000-0000-0000-0000', fingerprint) && held !== null && loaded)) return { verified: false };
	const { signatures, ...signed } = loaded.content;
	const current = await signedContentFingerprint(signed);
	// A member's signature that names nobody on the team now is no part of the record (team-signatures.ts).
	const counted = recordSignatures(signed.inspection.team ?? [], signatures);
	const signaturesCoverContent = counted.every((s) => signatureCoverage(s, current) !== 'void');
	// Said of a matching record only (whoever asks holds it): a ward's self-inspection is not an
	// inspection team's record, and the check says so (docs/self-inspection.md).
	return { verified: true, signaturesCoverContent, selfInspection: loaded.content.inspection.kind === 'self' };
}
