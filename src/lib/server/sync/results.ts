/**
 * What the server answers for each pushed mutation: the status (see `MutationStatus` in the
 * protocol) and, unless applied, a problem in the one error convention (errors.ts): a stable
 * `code`, the `field` at fault, an English `message`.
 */
import { problemOf, type MutationErrorCode, type MutationResult, type MutationStatus, type Problem } from '$lib/domain/protocol';

export type { MutationResult, MutationStatus, PushResponse } from '$lib/domain/protocol';
export type ResultCode = MutationErrorCode;

/** A handler's verdict before it is tied to a mutationId and seq. */
export type Outcome = { status: 'applied' } | ({ status: Exclude<MutationStatus, 'applied'> } & Problem<MutationErrorCode>);

export const applied: Outcome = { status: 'applied' };

/** A mutation that does not apply: its status and the problem, as every result carries it. */
export function refuse(status: Exclude<MutationStatus, 'applied'>, code: MutationErrorCode, message: string, field?: string): Outcome {
	return { status, ...problemOf(code, message, field) };
}

export function resultFor(mutation: { mutationId: string; seq: number }, outcome: Outcome): MutationResult {
	return { mutationId: mutation.mutationId, seq: mutation.seq, ...outcome };
}
