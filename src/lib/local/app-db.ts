/**
 * The device database (IndexedDB through Dexie). One database per signed-in user, so two
 * officers sharing a phone never see each other's drafts. Every row the inspector creates is
 * written together with its outbox entry in one transaction (see outbox.ts).
 *
 * Offline: everything here works with no network; the server learns of changes only through
 * the outbox. Upgrades: primary keys never change between versions; a newer tab's upgrade
 * closes this connection (handled in storage-guard.ts by reopening).
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import { dexieArrived } from './dexie-transaction';

// The library comes with this module, which is loaded on demand (dexie-loader.ts).
export { liveQuery } from 'dexie';
dexieArrived(Dexie);
import type { Answer, FindingDraft, Inspection, Officer, PhotoMeta, SignatureMeta } from '$lib/domain/inspection';
import type { EntityChange, Mutation } from '$lib/domain/protocol';
import type { AnswerConflict, SectionHolding, TeamPart } from '$lib/domain/team-record';
import type { PublicJwk } from '$lib/domain/team-part';
import type { FindingEvent, InspectionEvent, TrackedFinding } from '$lib/domain/review-events';
import type { TemplateVersion } from '$lib/domain/template-versions';
import type { UnitDirectory } from '$lib/domain/units-2025';
import type { UnitRoster } from '$lib/domain/roster';
import type { Interview } from '$lib/domain/interview';
import type { QuestionnaireVersion } from '$lib/domain/questionnaire';

/** Bytes of a photo or signature, stored once per content hash. ArrayBuffer, not Blob: iOS. */
export interface StoredBlob {
	sha256: string;
	mime: string;
	bytes: ArrayBuffer;
	size: number;
	/** 0 until the server has confirmed it holds these bytes (a number so it can be indexed). */
	uploaded: 0 | 1;
	/**
	 * Set when the server refused the bytes for good (too large, not an image): the upload is not
	 * tried again, and the entries that need these bytes are withheld (see blob-upload.ts).
	 */
	failure?: BlobFailure;
}

export interface BlobFailure {
	/** The server's error code, e.g. `blob_too_large`, `not_an_image`. */
	code: string;
	/** The server's words for people. */
	message: string;
	status: number;
	at: string;
}

export type LocalInspection = Inspection & { updatedAt: string };

/**
 * An answer as the device keeps it: who gave it (`answeredBy`, the account's id; '' on answers
 * stored before issue 17 and on the server's older rows), so the trưởng đoàn sees each answer's
 * author and a member's next answer can say which version it was given in sight of.
 */
export type LocalAnswer = Answer & { answeredBy: string };

/** This device's signing key for QR parts (issue 17): the private half never leaves IndexedDB. */
export interface DeviceKey {
	userId: string;
	/** RFC 7638 thumbprint of the public key (domain/team-part.ts). */
	keyId: string;
	/** Non-extractable; stored as the CryptoKey object itself (structured clone). */
	privateKey: CryptoKey;
	/** The public half as JWK, as registered with the server. */
	publicJwk: PublicJwk;
	createdAt: string;
	/** When the server accepted it; null until then (a part signed before is still checkable once it is). */
	registeredAt: string | null;
}

/**
 * A team member's public keys (one per phone they registered), fetched while online so their QR
 * parts can be checked offline.
 */
export interface TeamKey {
	inspectionId: string;
	userId: string;
	keys: { keyId: string; publicJwk: PublicJwk }[];
	fetchedAt: string;
}

export interface OutboxEntry {
	localId?: number;
	mutation: Mutation;
	inspectionId: string | null;
	/** 'rejected' entries stay visible (never silently dropped) but no longer block the queue. */
	state: 'pending' | 'rejected';
	attempts: number;
	lastError: string | null;
	/** The code behind `lastError` (a result code, or the refused photo's upload code). */
	lastErrorCode?: string | null;
}

/**
 * A pulled server change the device skipped because a pending entry still covered its row; the
 * latest one per row, applied once no pending entry covers it any more (set-aside.ts).
 */
export interface SetAsideChange {
	/** `${entity}:${entityId}`, the row as the server names it. */
	key: string;
	/** The keys a pending mutation would hold this row under (changeKeys in the protocol registry). */
	dirtyKeys: string[];
	change: EntityChange;
}

/** A pulled row that failed the protocol's schema, set aside instead of stored (sync/pulled-rows.ts). */
export interface QuarantinedRow {
	entity: string;
	entityId: string;
	version: number;
	op: 'upsert' | 'delete';
	/** Dotted path into the row's `data` where it first failed ('' for the row as a whole). */
	path: string;
	/** English, for support: the schema's message at that path. */
	error: string;
	/** The row as received, so a support person can see what the server sent. */
	data: unknown;
}

/**
 * Rows the device's acknowledged edits changed, held back from pulls until one has caught up with
 * them (sync/acknowledged.ts): each key with the number of the push that acknowledged it.
 */
export interface AcknowledgedHolds {
	/** The number of the latest acknowledgement. */
	last: number;
	rows: Record<string, number>;
}

export type MetaRow =
	| { key: 'clientId' | 'nextSeq' | 'pullCursor' | 'lastSyncAt' | 'templatesTag'; value: string | number }
	| { key: 'quarantine'; value: QuarantinedRow[] }
	/** The province's centres, branches and reception points, for offline starts (unit-directory.ts). */
	| { key: 'unitDirectory'; value: UnitDirectory }
	/** A unit's counter roster, for picking officers offline (unit-roster.ts). No index: no Dexie version bump. */
	| { key: `roster:${number}`; value: UnitRoster }
	| { key: 'acknowledged'; value: AcknowledgedHolds }
	/** One acknowledgement's held keys, numbered (sync/acknowledged.ts). No index: no Dexie version bump. */
	| { key: `acknowledged:${string}`; value: string[] };

export class AppDb extends Dexie {
	inspections!: EntityTable<LocalInspection, 'id'>;
	officers!: EntityTable<Officer, 'id'>;
	answers!: Table<LocalAnswer, [string, string, string]>;
	photos!: EntityTable<PhotoMeta, 'id'>;
	signatures!: Table<SignatureMeta, [string, string]>;
	findingDrafts!: Table<FindingDraft, [string, string]>;
	/** Findings with their remediation status once pulled (review-events.ts). */
	findings!: EntityTable<TrackedFinding, 'id'>;
	/** Review history of records (return, approve): pulled, or written locally with the intent. */
	inspectionEvents!: EntityTable<InspectionEvent, 'id'>;
	/** Remediation history of findings (adjust, fix reported, verified, reopened). */
	findingEvents!: EntityTable<FindingEvent, 'id'>;
	blobs!: EntityTable<StoredBlob, 'sha256'>;
	outbox!: EntityTable<OutboxEntry, 'localId'>;
	meta!: EntityTable<MetaRow, 'key'>;
	setAside!: EntityTable<SetAsideChange, 'key'>;
	/** Published and retired checklist versions kept offline (template-cache.ts). */
	templateVersions!: Table<TemplateVersion, [string, string]>;
	/** Issue 17: who holds which section of a team record. */
	sectionHoldings!: Table<SectionHolding, [string, string]>;
	/** Issue 17: answers two members gave differently, kept until (and after) the trưởng đoàn chooses. */
	answerConflicts!: Table<AnswerConflict, [string, string, string]>;
	/** Issue 17: each member's part of a record (open, handed in, released). */
	teamParts!: Table<TeamPart, [string, string]>;
	/** Issue 17 (QR transfer): this device's signing key per account. */
	deviceKeys!: EntityTable<DeviceKey, 'userId'>;
	/** Issue 17 (QR transfer): the team's public keys, held before the visit. */
	teamKeys!: Table<TeamKey, [string, string]>;
	/** Issue 19: citizens' exit interviews taken during a visit, one row per respondent. */
	interviews!: EntityTable<Interview, 'id'>;
	/** Issue 19: published and retired questionnaire versions kept offline (questionnaire-cache.ts). */
	questionnaireVersions!: Table<QuestionnaireVersion, [string, string]>;

	constructor(name: string) {
		// Strict durability: an answer the inspector saw saved must survive the battery dying
		// a second later (Chrome's default is relaxed since 121).
		super(name, { chromeTransactionDurability: 'strict' });
		this.version(1).stores({
			inspections: 'id, status, updatedAt',
			officers: 'id, inspectionId',
			answers: '[inspectionId+itemId+officerId], inspectionId',
			photos: 'id, inspectionId, [inspectionId+itemId+officerId], sha256',
			signatures: '[inspectionId+role], inspectionId',
			findingDrafts: '[inspectionId+itemId], inspectionId',
			findings: 'id, inspectionId',
			blobs: 'sha256, uploaded',
			outbox: '++localId, &mutation.mutationId, inspectionId, state',
			meta: 'key'
		});
		// Review and remediation (issue 5): history tables; findings indexed by status for the
		// counts that ask each role to act. Version 1 rows are kept as they are.
		this.version(2).stores({
			findings: 'id, inspectionId, status',
			inspectionEvents: 'id, inspectionId',
			findingEvents: 'id, findingId, inspectionId'
		});
		// Issue 12: server changes a pull had to skip (kept until the row is no longer pending), and
		// refused uploads findable without reading every blob's bytes.
		this.version(3).stores({
			setAside: 'key',
			blobs: 'sha256, uploaded, failure.code'
		});
		// Issue 15: the checklist versions records pin, fetched from the server (template-cache.ts).
		this.version(4).stores({
			templateVersions: '[templateId+version], status'
		});
		// Issue 17, one record on several phones: answers keep their author (older rows get ''),
		// and the team's holdings, conflicts, parts and signing keys get tables of their own.
		this.version(5)
			.stores({
				sectionHoldings: '[inspectionId+sectionId], inspectionId',
				answerConflicts: '[inspectionId+itemId+officerId], inspectionId',
				teamParts: '[inspectionId+userId], inspectionId',
				deviceKeys: 'userId',
				teamKeys: '[inspectionId+userId], inspectionId'
			})
			.upgrade((tx) =>
				tx
					.table<LocalAnswer>('answers')
					.toCollection()
					.modify((answer) => {
						if (typeof answer.answeredBy !== 'string') answer.answeredBy = '';
					})
			);
		// Issue 19: exit interviews of a visit, listed by record, and the questionnaires they pin.
		this.version(6).stores({
			interviews: 'id, inspectionId',
			questionnaireVersions: '[templateId+version]'
		});
	}
}

export { databaseNameFor } from './database-name';
