/**
 * Checks one pushed mutation against the protocol's `mutationSchema`. A failure names the first
 * field at fault (a dotted path such as `args.team.0.name`) with the schema's message.
 */
import { fieldPath, MUTATION_SCHEMA_VERSION, mutationSchema, type Mutation } from '$lib/domain/protocol';

export type ParsedMutation = { ok: true; mutation: Mutation } | { ok: false; field: string; message: string };

export function parseMutation(raw: unknown): ParsedMutation {
	const parsed = mutationSchema.safeParse(raw);
	if (parsed.success) return { ok: true, mutation: parsed.data as Mutation };
	const issue = parsed.error.issues[0];
	return {
		ok: false,
		field: issue ? fieldPath(issue.path) : '',
		message: issue?.message ?? 'Invalid mutation'
	};
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
