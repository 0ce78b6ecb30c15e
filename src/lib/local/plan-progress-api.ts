/** The supervisor's plan view's calls (docs/plans.md): visits by progress and a plan's coverage. Online only, like the plan screen. */
import type { VisitProgress } from '$lib/domain/plan-progress';
import type { PlanProgress, PlanVisit, PlanVisitsAnswer } from '$lib/domain/protocol/plan-visits';
import { call } from './admin-api';

export type { PlanProgress, PlanVisit, PlanVisitsAnswer };

/** Which visits: a plan's, or a span of dates'; optionally one progress only. */
export type VisitsFilter = ({ planId: string } | { from: string; to: string }) & { status?: VisitProgress };

export const planProgressApi = {
	visits: (filter: VisitsFilter) => {
		const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined));
		return call<PlanVisitsAnswer>('GET', `/api/plans/visits?${query}`);
	},
	progress: (planId: string) => call<PlanProgress>('GET', `/api/plans/${encodeURIComponent(planId)}/progress`)
};
