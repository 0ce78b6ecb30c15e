/**
 * The supervisor's plan screen's calls to /api/plans (docs/draw.md). Online only, like the admin
 * screens: a draw's commitment must be on the server before anything else happens.
 */
import type { CommitDraw, CreatePlan, Draw, ExecuteDrawInput, Plan, TeamCandidate } from '$lib/domain/protocol/plans';
import { call } from './admin-api';

export type { Draw, Plan };

export const plansApi = {
	list: () => call<{ plans: Plan[] }>('GET', '/api/plans').then((r) => r.plans),
	read: (id: string) => call<{ plan: Plan; draws: Draw[] }>('GET', `/api/plans/${encodeURIComponent(id)}`),
	create: (input: CreatePlan) => call<{ plan: Plan }>('POST', '/api/plans', input).then((r) => r.plan),
	teamCandidates: (planId: string) =>
		call<{ accounts: TeamCandidate[] }>('GET', `/api/plans/${encodeURIComponent(planId)}/team-candidates`).then((r) => r.accounts),
	commit: (planId: string, input: CommitDraw) =>
		call<{ draw: Draw }>('POST', `/api/plans/${encodeURIComponent(planId)}/draws`, input).then((r) => r.draw),
	execute: (planId: string, drawId: string, input: ExecuteDrawInput) =>
		call<{ draw: Draw }>('POST', `/api/plans/${encodeURIComponent(planId)}/draws/${encodeURIComponent(drawId)}/execute`, input).then(
			(r) => r.draw
		)
};
