/**
 * What the server answers for each pushed mutation. The status tells the client what to do
 * with its outbox entry:
 *
 * - `applied`  — done; drop it.
 * - `rejected` — will never apply (invalid, forbidden, unknown target); drop it and tell the user.
 * - `conflict` — the server's state no longer allows it (e.g. already submitted); drop it, pull,
 *                and tell the user.
 * - `deferred` — not applied and its seq not consumed; keep it and send it again later
 *                (after uploading a missing blob, after sending the seq the server waits for).
 *
 * Applied, rejected and conflict consume the mutation's seq and are stored, so a replay gets
 * the same answer. Deferred answers are never stored.
 */
export type MutationStatus = 'applied' | 'rejected' | 'conflict' | 'deferred';

export type ResultCode =
	/** rejected: the mutation does not match the shared schema (see `field`). */
	| 'invalid'
	/** rejected: this user may not do this. */
	| 'forbidden'
	/** rejected: the inspection, officer… it refers to is not on the server. */
	| 'not_found'
	/** rejected: the stored blob is not what the metadata says (size or type). */
	| 'blob_mismatch'
	/** conflict: an entity with this id already exists. */
	| 'already_exists'
	/** conflict: the inspection is no longer a draft the inspector can change. */
	| 'not_editable'
	/** deferred: upload the blob named in `field`, then push again. */
	| 'missing_blob'
	/** deferred: an earlier seq has not arrived; send it first. */
	| 'seq_gap'
	/** deferred: this seq was already used by another mutation of this client. */
	| 'seq_reused'
	/** deferred: an earlier mutation in the batch was not applied, so this one waits. */
	| 'waiting_for_seq'
	/** deferred: this mutationId was already used by another client. */
	| 'mutation_id_reused'
	/** deferred: the mutation was written by a newer app version than this server. */
	| 'schema_too_new';

export interface MutationResult {
	mutationId: string;
	seq: number;
	status: MutationStatus;
	code?: ResultCode;
	message?: string;
	field?: string;
}

export interface PushResponse {
	results: MutationResult[];
	/** The highest seq of this client the server has consumed; the outbox can drop everything up to it. */
	lastAppliedSeq: number;
}

/** A handler's verdict before it is tied to a mutationId and seq. */
export type Outcome =
	{ status: 'applied' } | { status: Exclude<MutationStatus, 'applied'>; code: ResultCode; message: string; field?: string };

export const applied: Outcome = { status: 'applied' };

export function refuse(status: Exclude<MutationStatus, 'applied'>, code: ResultCode, message: string, field?: string): Outcome {
	return field === undefined ? { status, code, message } : { status, code, message, field };
}

export function resultFor(mutation: { mutationId: string; seq: number }, outcome: Outcome): MutationResult {
	return { mutationId: mutation.mutationId, seq: mutation.seq, ...outcome };
}
