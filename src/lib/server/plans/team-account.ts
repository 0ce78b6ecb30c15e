/**
 * One account a trưởng đoàn can add to a record's team (issue 17, an unplanned visit), found by
 * the username the colleague gave them: an active inspector or supervisor of the caller's own
 * province (the accounts the server accepts on a team, plans.ts `teamAccounts`). One exact name
 * in, one account out: the province's staff is not listed to anyone who does not plan.
 */
import type { Kysely } from 'kysely';
import type { TeamCandidate } from '$lib/domain/protocol/plans';
import type { Database } from '../db/schema';
import { TEAM_ACCOUNT_ROLES } from './plans';

export async function teamAccountByUsername(db: Kysely<Database>, provinceCode: number, username: string): Promise<TeamCandidate | null> {
	const row = await db
		.selectFrom('users')
		.select(['id', 'display_name', 'role'])
		.where('username', '=', username.trim().toLowerCase())
		.where('province_code', '=', provinceCode)
		.where('role', 'in', [...TEAM_ACCOUNT_ROLES])
		.where('disabled', '=', 0)
		.executeTakeFirst();
	return row ? { id: row.id, name: row.display_name, role: row.role as TeamCandidate['role'] } : null;
}
