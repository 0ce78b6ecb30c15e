/**
 * The accounts a supervisor may put on a visit's team (issue 16): the active inspectors and
 * supervisors of one province. The same rule the server applies when it stores a team
 * (plans.ts `teamAccounts`), so the list offers nobody the server would refuse.
 */
import type { Kysely } from 'kysely';
import type { TeamCandidate } from '$lib/domain/protocol/plans';
import type { Database } from '../db/schema';
import { TEAM_ACCOUNT_ROLES } from './plans';

/** Most accounts one answer lists; a province's inspection staff is a few dozen. */
const LIST_LIMIT = 1000;

export async function teamCandidates(db: Kysely<Database>, provinceCode: number): Promise<TeamCandidate[]> {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'display_name', 'role'])
		.where('province_code', '=', provinceCode)
		.where('role', 'in', [...TEAM_ACCOUNT_ROLES])
		.where('disabled', '=', 0)
		.orderBy('display_name')
		.orderBy('id')
		.limit(LIST_LIMIT)
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role as TeamCandidate['role'] }));
}
