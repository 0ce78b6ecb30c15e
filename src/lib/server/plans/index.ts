/** Planned inspections (issue 4): created by a supervisor through the API, pulled by the assigned inspectors. */
export * as plans from './plans';
/** Plans of visits and their verifiable draws (issue 16, docs/draw.md). */
export { createPlan, listPlans, readPlan } from './plan-documents';
export { commitDraw, executeDraw, listDraws, readDraw } from './draws';
export { listPlanVisits, planProgress } from './plan-progress';
export { teamCandidates } from './team-candidates';
