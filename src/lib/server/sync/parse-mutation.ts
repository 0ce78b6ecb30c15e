/**
 * Checks one pushed mutation against the protocol's `mutationSchema`. A failure names the first
 * field at fault (a dotted path such as `args.team.0.name`) with the schema's message.
 */
import type { z } from 'zod';
import { fieldPath, MUTATION_SCHEMA_VERSION, mutationSchema, type Mutation, type MutationErrorCode } from '$lib/domain/protocol';

export type ParsedMutation = { ok: true; mutation: Mutation } | { ok: false; code: MutationErrorCode; field: string; message: string };

export function parseMutation(raw: unknown): ParsedMutation {
	const parsed = mutationSchema.safeParse(raw);
	if (parsed.success) return { ok: true, mutation: parsed.data as Mutation };
	const issue = parsed.error.issues[0];
	if (issue && isImpossibleFigure(issue)) {
		return { ok: false, code: 'impossible_count', field: fieldPath(issue.path), message: impossibleMessage(issue) };
	}
	return {
		ok: false,
		code: 'invalid',
		field: issue ? fieldPath(issue.path) : '',
		message: issue?.message ?? 'Invalid mutation'
	};
}

const figures = new Set(['numerator', 'denominator', 'size', 'passed']);

/**
 * A count or sample that cannot be true, which the answer schema itself refuses: a negative
 * figure, or more passed than sampled. Answered `impossible_count` like the template's own
 * bounds (record-rules.ts), so the device shows one reason for one mistake.
 */
function isImpossibleFigure(issue: z.core.$ZodIssue): boolean {
	const [args, value, figure] = issue.path;
	if (args !== 'args' || value !== 'value' || typeof figure !== 'string' || !figures.has(figure)) return false;
	return (issue.code === 'too_small' && issue.minimum === 0) || issue.message === 'passed_exceeds_size';
}

function impossibleMessage(issue: z.core.$ZodIssue): string {
	return issue.message === 'passed_exceeds_size'
		? 'More passed than were checked in the sample'
		: `The ${String(issue.path[2])} cannot be negative`;
}

/**
 * True when the mutation was written by a newer app than this server knows. Those are not
 * invalid, only early: they wait (deferred) until the server is updated, instead of being
 * thrown away.
 */
export function isFromNewerApp(raw: object): boolean {
	const { schemaVersion } = raw as { schemaVersion?: unknown };
	return typeof schemaVersion === 'number' && schemaVersion > MUTATION_SCHEMA_VERSION;
}

/** The mutation's name for the receipt, even when the rest of it is unreadable. */
export function mutationName(raw: object): string {
	const { name } = raw as { name?: unknown };
	return typeof name === 'string' ? name.slice(0, 100) : '';
}
