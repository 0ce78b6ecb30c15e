/**
 * The server database as Kysely sees it. One schema for SQLite and PostgreSQL, so every column
 * uses a portable type: text (ids, ISO times, JSON), integer (0/1 for booleans, codes, sizes)
 * and bigint (versions). JSON travels as text because neither database's JSON type is needed
 * for queries yet and text keeps the two dialects identical.
 *
 * `version` on an entity row is the change-log version of the write that last touched it: the
 * server's clock for "has this changed since…", never the device's clock.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { InspectionKind } from '$lib/domain/inspection';

/** A single row (id = 1) whose lock serializes writers and whose value is the last version used. */
export interface SyncCounterTable {
	id: number;
	value: number;
}

/** A device (one local database) pushing mutations, and how far its queue has been applied. */
export interface ClientsTable {
	client_id: string;
	user_id: string;
	last_seq: number;
	created_at: string;
	updated_at: string;
}

/** The answer given to one mutation, kept so a replay gets the same answer. */
export interface MutationReceiptsTable {
	mutation_id: string;
	client_id: string;
	seq: number;
	name: string;
	/** The MutationResult as JSON. */
	result: string;
	applied_at: string;
}

export interface InspectionsTable {
	id: string;
	status: string;
	owner_user_id: string;
	unit_code: number;
	province_code: number;
	template_id: string;
	template_version: string;
	created_at: string;
	started_at: string;
	ended_at: string | null;
	submitted_at: string | null;
	/** Planned visits (004): the date window, ISO dates; null for a record started on site. */
	window_start: string | null;
	window_end: string | null;
	/**
	 * The first change version of the snapshot that published the record to its ward (004);
	 * wards receive only changes from here on. Null while unpublished.
	 */
	published_version: number | null;
	/** The final record number and its year, given on approval (010); null before. */
	record_number: number | null;
	record_year: number | null;
	/**
	 * 'official', or 'self' for a ward's self-inspection (tự kiểm tra, 018), which no report,
	 * score or coverage figure may count. Every report query filters on it.
	 */
	kind: Generated<InspectionKind>;
	/** The plan whose draw made this visit (021); null outside any plan. Kept when the visit starts. */
	plan_id: Generated<string | null>;
	/** The whole Inspection document (shared inspectionSchema) as JSON; the columns above index it. */
	data: string;
	version: number;
	updated_at: string;
}

export interface OfficersTable {
	id: string;
	inspection_id: string;
	name: string;
	position: string;
	desk: string;
	sort_order: number;
	/** The roster entry the officer was picked from (migration 017); null when typed in by hand. */
	roster_id: string | null;
	version: number;
	updated_at: string;
}

export interface AnswersTable {
	inspection_id: string;
	item_id: string;
	/** '' when the item is not per officer (same convention as the device). */
	officer_id: string;
	/** AnswerValue as JSON, or null for "no value, only a note". */
	value: string | null;
	note: string;
	answered_at: string;
	/** The account that gave this answer (026); the record's owner on rows written before. */
	answered_by: Generated<string>;
	/** How the answer was given when not slot by slot (033): 'section_rest_pass', or null. */
	via: string | null;
	version: number;
	updated_at: string;
}

export interface PhotosTable {
	id: string;
	inspection_id: string;
	item_id: string | null;
	officer_id: string;
	sha256: string;
	mime: string;
	size: number;
	width: number;
	height: number;
	caption: string;
	taken_at: string;
	/** Issue 20 (032): the hash of the photo of the same record this annotated copy was drawn on; null on others. */
	original_sha256: Generated<string | null>;
	/** The account that added the photo (026); the record's owner on rows written before. */
	added_by: Generated<string>;
	version: number;
	updated_at: string;
}

export interface SignaturesTable {
	inspection_id: string;
	role: string;
	refused: number;
	signer_name: string;
	signer_position: string;
	sha256: string | null;
	mime: string | null;
	size: number | null;
	refusal_reason: string | null;
	signed_at: string;
	/** The fingerprint of the signed content (008); null on signatures made before. */
	content_fingerprint: string | null;
	/** The witness of a refusal to sign (008). */
	witness_name: string | null;
	witness_position: string | null;
	/** Where the signature was given, SignaturePosition as JSON (016); null on signatures made before. */
	position: string | null;
	version: number;
	updated_at: string;
}

export interface FindingDraftsTable {
	inspection_id: string;
	item_id: string;
	recommendation: string;
	deadline: string;
	version: number;
	updated_at: string;
}

export interface FindingsTable {
	id: string;
	inspection_id: string;
	item_id: string;
	section_id: string;
	title: string;
	detail: string;
	/** string[] as JSON. */
	officer_ids: string;
	critical: number;
	/** LegalRef[] as JSON. */
	legal: string;
	recommendation: string;
	deadline: string;
	/** The finding's current state (006), derived from its events; 'open' when written. */
	status: Generated<string>;
	version: number;
	updated_at: string;
}

/**
 * One step in a finding's history (006), append-only: 'adjusted', 'fixReported', 'verified',
 * 'reopened'. `data` is the event as JSON (comment, text, photos, the status it led to).
 */
export interface FindingEventsTable {
	id: string;
	finding_id: string;
	inspection_id: string;
	kind: string;
	actor_user_id: string;
	at: string;
	data: string;
	version: number;
}

/** One review step of a record (006), append-only: 'returned', 'approved', with the comment. */
export interface InspectionEventsTable {
	id: string;
	inspection_id: string;
	kind: string;
	actor_user_id: string;
	at: string;
	data: string;
	version: number;
}

/** Who uploaded which bytes (008): an uploader may read their own upload before any record names it. */
export interface BlobUploadsTable {
	sha256: string;
	user_id: string;
	uploaded_at: string;
	/** Bytes stored (013); null on rows written before. */
	size: number | null;
	/** The inspection the device said the bytes are for (013); null when it did not say. */
	inspection_id: string | null;
}

/** An inspector assigned to a planned visit (004). */
export interface InspectionAssignmentsTable {
	inspection_id: string;
	user_id: string;
	/** The supervisor or admin who made the plan. */
	assigned_by: string;
	assigned_at: string;
}

export type ChangeOp = 'upsert' | 'delete';

/**
 * The pull feed: one row per entity write, in commit order. Scope columns are copied from the
 * inspection at write time so pull can filter by who may see a row without joins.
 */
export interface ChangesTable {
	version: number;
	entity: string;
	entity_id: string;
	op: ChangeOp;
	/** Upsert: the whole entity as the shared schema shapes it. Delete: its key fields. JSON. */
	data: string;
	inspection_id: string;
	unit_code: number;
	province_code: number;
	owner_user_id: string;
	recorded_at: string;
}

/** An account (issue 4). `username` is stored lower-case; booleans are 0/1 like everywhere else. */
export interface UsersTable {
	id: string;
	username: string;
	display_name: string;
	role: string;
	/** The tenant: null only for a national admin. */
	province_code: number | null;
	/** The commune of a ward account; null for every other role. */
	unit_code: number | null;
	/** Argon2id PHC string. */
	password_hash: string;
	disabled: number;
	must_change_password: number;
	created_at: string;
	updated_at: string;
}

/** A signed-in browser. `id` is the SHA-256 of the cookie's token; the token itself is never stored. */
export interface SessionsTable {
	id: string;
	user_id: string;
	created_at: string;
	expires_at: string;
	last_seen_at: string;
}

/**
 * The append-only audit trail. Each row's `hash` covers its own fields and `prev_hash`, so an
 * edited or deleted row breaks the chain from there on (see lib/server/auth/audit.ts).
 */
export interface AuditLogTable {
	seq: number;
	at: string;
	actor_user_id: string | null;
	action: string;
	/** Canonical JSON text; hashed exactly as stored. */
	detail: string;
	prev_hash: string;
	hash: string;
}

/** One row (id = 1): the chain's last seq and hash. Its row lock serializes appends. */
export interface AuditHeadTable {
	id: number;
	seq: number;
	hash: string;
}

/** The last record number given per issuing body (the province's inspection team) and year (010). */
export interface RecordNumberCountersTable {
	issuer: number;
	year: number;
	last_number: number;
}

/** A checklist template (011): national when scope_province_code is null, else one province's own. */
export interface TemplatesTable {
	id: string;
	scope_province_code: number | null;
	based_on_template_id: string | null;
	created_by: string | null;
	created_at: string;
	/** 'checklist' | 'questionnaire' (028). */
	kind: Generated<string>;
}

/** One version of a template (011): 'draft' | 'published' | 'retired', content as Template JSON. */
export interface TemplateVersionsTable {
	template_id: string;
	version: string;
	name: string;
	status: string;
	effective_from: string | null;
	based_on_template_id: string | null;
	based_on_version: string | null;
	published_at: string | null;
	retired_at: string | null;
	created_by: string | null;
	created_at: string;
	updated_at: string;
	content: string;
}

/** What the periodic report counts of one inspection (024); rewritten by every event that changes it. */
export interface RecordSummariesTable {
	inspection_id: string;
	province_code: number;
	unit_code: number;
	kind: string;
	status: string;
	started_at: string;
	/** Vietnam date of `started_at`. */
	started_on: string;
	template_id: string;
	template_version: string;
	/** Overall score (scoring.ts) over the pinned template; null when the template is unknown. */
	score: number | null;
	coverage: number | null;
	findings: number;
	critical_findings: number;
	/** `RecordSummaryDetail` (reports/record-summaries.ts) as JSON: the findings and roster officers. */
	detail: string;
	updated_at: string;
}

export interface Database {
	sync_counter: SyncCounterTable;
	clients: ClientsTable;
	mutation_receipts: MutationReceiptsTable;
	inspections: InspectionsTable;
	inspection_assignments: InspectionAssignmentsTable;
	officers: OfficersTable;
	answers: AnswersTable;
	photos: PhotosTable;
	signatures: SignaturesTable;
	finding_drafts: FindingDraftsTable;
	findings: FindingsTable;
	finding_events: FindingEventsTable;
	inspection_events: InspectionEventsTable;
	changes: ChangesTable;
	users: UsersTable;
	sessions: SessionsTable;
	audit_log: AuditLogTable;
	audit_head: AuditHeadTable;
	blob_uploads: BlobUploadsTable;
	record_number_counters: RecordNumberCountersTable;
	templates: TemplatesTable;
	template_versions: TemplateVersionsTable;
	plans: PlansTable;
	plan_draws: PlanDrawsTable;
	notifications: NotificationsTable;
	notification_reads: NotificationReadsTable;
	webhook_deliveries: WebhookDeliveriesTable;
	record_summaries: RecordSummariesTable;
	unit_open_findings: UnitOpenFindingsTable;
	section_holdings: SectionHoldingsTable;
	answer_conflicts: AnswerConflictsTable;
	team_parts: TeamPartsTable;
	device_keys: DeviceKeysTable;
	relayed_mutations: RelayedMutationsTable;
	interviews: InterviewsTable;
	feedback_points: FeedbackPointsTable;
	feedback_responses: FeedbackResponsesTable;
	feedback_items: FeedbackItemsTable;
	feedback_settings: FeedbackSettingsTable;
	voice_point_days: VoicePointDaysTable;
	voice_point_marks: VoicePointMarksTable;
	rate_counters: RateCountersTable;
	daily_keys: DailyKeysTable;
}

/** One respondent's exit interview, taken by an inspector during a visit (028). */
export interface InterviewsTable {
	id: string;
	inspection_id: string;
	questionnaire_id: string;
	questionnaire_version: string;
	/** Response.answers as JSON. */
	answers: string;
	/** Response.facts as JSON. */
	facts: string;
	taken_at: string;
	taken_by: string;
	version: number;
	updated_at: string;
}

/** A unit's public feedback point: the token its QR poster carries (028). */
export interface FeedbackPointsTable {
	id: string;
	unit_code: number;
	province_code: number;
	token: string;
	/** 'active' | 'revoked' */
	status: string;
	replaced_by: string | null;
	created_by: string;
	created_at: string;
	revoked_by: string | null;
	revoked_at: string | null;
}

/** A citizen's answer at a feedback point: nothing about the person or device (028). */
export interface FeedbackResponsesTable {
	id: string;
	submission_id: string;
	point_id: string;
	unit_code: number;
	province_code: number;
	questionnaire_id: string;
	questionnaire_version: string;
	answers: string;
	facts: string;
	/** Server time truncated to the hour. */
	received_hour: string;
	/** The flood burst it belongs to, or null. */
	flood: string | null;
}

/** A citizen's comment or complaint for the province's supervisors (028). */
export interface FeedbackItemsTable {
	id: string;
	/** 'point' | 'interview' */
	source: string;
	response_id: string | null;
	interview_id: string | null;
	unit_code: number;
	province_code: number;
	text: string;
	received_on: string;
	flood: Generated<number>;
	/** 'open' | 'handled' */
	status: string;
	handled_by: string | null;
	handled_at: string | null;
	reply_note: string | null;
}

/** Per province: may wards read their own unit's comments, masked (028). */
export interface FeedbackSettingsTable {
	province_code: number;
	ward_sees_comments: Generated<number>;
	updated_by: string;
	updated_at: string;
}

/** A member's per-device public signing key (027): checks the parts relayed by QR code. */
export interface DeviceKeysTable {
	/** RFC 7638 thumbprint of the key. */
	key_id: string;
	user_id: string;
	/** `PublicJwk` (domain/team-part.ts) as JSON. */
	public_jwk: string;
	created_at: string;
	revoked_at: string | null;
}

/** A member's mutation applied from a relayed part (027), answered again when their phone pushes it. */
export interface RelayedMutationsTable {
	mutation_id: string;
	user_id: string;
	inspection_id: string;
	name: string;
	/** The `Outcome` (sync/results.ts) as JSON. */
	outcome: string;
	relay_mutation_id: string;
	applied_at: string;
}

/** Findings still waiting for a fix on a commune's reported official records (025; reports/open-findings.ts). */
export interface UnitOpenFindingsTable {
	unit_code: number;
	province_code: number;
	open_findings: number;
	/** The earliest deadline among them (YYYY-MM-DD). */
	oldest_deadline: string;
}

/** An in-app notification (023), addressed to a commune's wards or a province's reviewers. */
export interface NotificationsTable {
	id: string;
	kind: string;
	/** 'ward' (the commune `unit_code`) or 'reviewers' (the province's supervisors and admins). */
	audience: string;
	province_code: number;
	unit_code: number;
	inspection_id: string | null;
	finding_id: string | null;
	/** The notification's facts as JSON (docs/notifications.md). */
	data: string;
	created_at: string;
}

/** Who has read which notification (023). */
export interface NotificationReadsTable {
	notification_id: string;
	user_id: string;
	read_at: string;
}

/** The province webhook's outbox (023): one row per notification to send, until sent or given up. */
export interface WebhookDeliveriesTable {
	id: string;
	province_code: number;
	/** The exact JSON body sent (and signed). */
	payload: string;
	attempts: number;
	next_attempt_at: string;
	delivered_at: string | null;
	failed_at: string | null;
	last_error: string | null;
}

/** Plans of visits (migration 015): the document plus the columns that scope it. */
export interface PlansTable {
	id: string;
	province_code: number;
	created_by: string;
	created_at: string;
	data: string;
}

/** A plan's draws (migration 015, docs/draw.md): `seed` is never answered before `executed_at`. */
export interface PlanDrawsTable {
	id: string;
	plan_id: string;
	seed_hash: string;
	seed: string;
	/** JSON: the rule fixed at commit (CommitDraw without its id). */
	request: string;
	committed_by: string;
	committed_at: string;
	executed_at: string | null;
	/** JSON: candidates, excluded, rule, selection, inspectionIds. */
	result: string | null;
}

export type InspectionRow = Selectable<InspectionsTable>;
export type ChangeRow = Selectable<ChangesTable>;
export type UserRow = Selectable<UsersTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type TemplateVersionRow = Selectable<TemplateVersionsTable>;
export type NewChangeRow = Insertable<ChangesTable>;

/** Who holds which section of a record (026): only they and the trưởng đoàn write in it. */
export interface SectionHoldingsTable {
	inspection_id: string;
	section_id: string;
	user_id: string;
	version: number;
	updated_at: string;
}

/** An item answered differently by two accounts without sight of each other (026). */
export interface AnswerConflictsTable {
	inspection_id: string;
	item_id: string;
	officer_id: string;
	/** AnswerVersion[] as JSON, ordered by (answeredAt, answeredBy). */
	versions: string;
	resolved_by: string | null;
	resolved_at: string | null;
	/** The chosen AnswerStamp as JSON; null while open. */
	chosen: string | null;
	version: number;
	updated_at: string;
}

/** A member's part of a record (026): 'open', 'handed_in' or 'released'. */
export interface TeamPartsTable {
	inspection_id: string;
	user_id: string;
	state: string;
	/** 'server' or 'qr' once handed in. */
	via: string | null;
	/** The trưởng đoàn's reason for a release; '' otherwise. */
	reason: string;
	at: string | null;
	version: number;
	updated_at: string;
}

/** The feedback point's responses summed per unit and Vietnam day, for the reports (034). */
export interface VoicePointDaysTable {
	unit_code: number;
	/** YYYY-MM-DD, Vietnam calendar. */
	day: string;
	province_code: number;
	/** Responses not judged a flood; the sums below are theirs. */
	respondents: number;
	flooded: number;
	n_tc: number;
	t_tc: number;
	n_tt: number;
	t_tt: number;
	n_cc: number;
	t_cc: number;
	n_kq: number;
	t_kq: number;
	n_pa: number;
	t_pa: number;
}

/** Per province: responses received before `through_hour` are in voice_point_days (034). */
export interface VoicePointMarksTable {
	province_code: number;
	through_hour: string;
}

/**
 * One limited key, shared by every app instance (035): sign-in failures (auth/rate-limit.ts) and
 * citizens' answers (feedback-points/answer-limits.ts). Times are epoch milliseconds.
 */
export interface RateCountersTable {
	/** Which limit: `login_pair`, `login_address`, `login_account`, `login_known`, `login_audited`, `answer_client`, `answer_point`. */
	scope: string;
	key: string;
	hits: number;
	/** The last failure (sign-in) or the window's start (answers). */
	marked_at: number;
	/** When the row stops counting; swept after. */
	expires_at: number;
}

/** The day's random key for the citizens' client keys, the same on every instance (035). */
export interface DailyKeysTable {
	/** Days since the epoch (UTC). */
	day: number;
	/** 32 random bytes, base64url. */
	key: string;
}
