/**
 * The team's one online call (issue 17): the colleague a trưởng đoàn adds to a record's team, by
 * the username they gave. Online only (AdminApiError `admin_offline` otherwise); adding the
 * account found is a local action (team-actions.ts `addTeamAccount`).
 */
import type { TeamCandidate } from '$lib/domain/protocol/plans';
import { call } from './admin-api';

export type { TeamCandidate };

export const teamApi = {
	account: (username: string) =>
		call<{ account: TeamCandidate }>('GET', `/api/team-account?username=${encodeURIComponent(username)}`).then((r) => r.account)
};
