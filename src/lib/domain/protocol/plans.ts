/**
 * Plans and their draws (issue 16, docs/draw.md): what a supervisor sends and what the server
 * answers. A plan says what is inspected (period, scope, type), on whose order (the decision,
 * which becomes the căn cứ of every visit made under it) and how much (the coverage target); a
 * draw picks the units.
 */
import { z } from 'zod';
import { idSchema } from '../ids';
import { inspectionTypeSchema } from '../inspection';
import { drawCandidateSchema, drawRuleSchema, type DrawCandidate, type DrawRule } from '../draw';
import { exactlyOneTeamChoice, teamChoiceFields, withTeam } from '../plans';

const isoDate = z.iso.date({ message: 'invalid_date' });
const unitCode = z.number().int().min(1).max(1_000_000);

/** Most units one plan names by hand; a province has a few hundred. */
export const MAX_PLAN_UNITS = 2000;
/** Most hand picks in one draw. */
export const MAX_HAND_PICKS = 50;

export const planPeriodSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('year'), year: z.number().int().min(2000).max(2100) }),
	z.object({ kind: z.literal('quarter'), year: z.number().int().min(2000).max(2100), quarter: z.number().int().min(1).max(4) }),
	z.object({ kind: z.literal('custom'), start: isoDate, end: isoDate }).refine((p) => p.start <= p.end, {
		path: ['end'],
		message: 'window_end_before_start'
	})
]);
export type PlanPeriod = z.infer<typeof planPeriodSchema>;

export const planScopeSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('province') }),
	z.object({ kind: z.literal('units'), unitCodes: z.array(unitCode).min(1, 'units_required').max(MAX_PLAN_UNITS, 'too_many_units') })
]);
export type PlanScope = z.infer<typeof planScopeSchema>;

/** The decision ordering the plan: quyết định số …, ngày …, người ký. */
export const planDecisionSchema = z.object({
	number: z.string().trim().min(1, 'decision_number_required').max(60, 'too_long'),
	date: isoDate,
	signer: z.string().trim().min(1, 'decision_signer_required').max(100, 'too_long')
});
export type PlanDecision = z.infer<typeof planDecisionSchema>;

export const DEFAULT_COVERAGE_PERCENT = 10;

export const createPlanSchema = z
	.object({
		id: idSchema,
		provinceCode: z.number().int().min(1).max(999),
		title: z.string().trim().min(1, 'title_required').max(300, 'too_long'),
		period: planPeriodSchema,
		scope: planScopeSchema,
		inspectionType: inspectionTypeSchema,
		/** Chuyên đề: the topic, required for that type and only for it. */
		topic: z.string().trim().max(300, 'too_long').default(''),
		decision: planDecisionSchema,
		coverageTargetPercent: z.number().min(0.1).max(100).default(DEFAULT_COVERAGE_PERCENT),
		windowStart: isoDate,
		windowEnd: isoDate
	})
	.refine((p) => p.windowStart <= p.windowEnd, { path: ['windowEnd'], message: 'window_end_before_start' })
	.refine((p) => (p.inspectionType === 'chuyen_de') === (p.topic !== ''), { path: ['topic'], message: 'topic_only_for_chuyen_de' });
export type CreatePlan = z.infer<typeof createPlanSchema>;

export interface Plan extends Omit<CreatePlan, 'topic'> {
	topic: string;
	/** The căn cứ every visit of the plan carries, written from the decision. */
	basis: string;
	createdBy: string;
	createdAt: string;
}

/**
 * Commit: the rule is fixed together with the seed's hash, before anyone can know the seed, so
 * neither the sample size, the exclusion window nor the hand picks can be tuned to it afterwards.
 * The id makes a retried request harmless.
 */
export const commitDrawSchema = z.object({
	id: idSchema,
	/** Units to visit in all; by default the plan's coverage target of the units in scope, rounded up. */
	sampleSize: z.number().int().min(0).max(10_000).optional(),
	excludeVisitedMonths: z.number().int().min(0).max(120).default(12),
	handPicks: z
		.array(z.object({ code: unitCode, reason: z.string().trim().min(1, 'hand_pick_reason_required').max(300, 'too_long') }))
		.max(MAX_HAND_PICKS, 'too_many_units')
		.default([])
});
export type CommitDraw = z.infer<typeof commitDrawSchema>;

/**
 * Execute: who goes on the visits the draw creates — `team` (accounts and roles), or the older
 * `assignedInspectorIds` (the first leads). See planRequestSchema.
 */
export const executeDrawSchema = z
	.object(teamChoiceFields)
	.refine(exactlyOneTeamChoice, { path: ['team'], message: 'team_required' })
	.transform(withTeam);
export type ExecuteDraw = z.infer<typeof executeDrawSchema>;
/** What a client sends to execute: `team`, or the older `assignedInspectorIds`. */
export type ExecuteDrawInput = z.input<typeof executeDrawSchema>;

/**
 * An account that can be on a visit's team (`GET /api/plans/<id>/team-candidates`): an active
 * inspector or supervisor of the plan's province. Only what choosing needs — no username, no
 * placement — so the list tells a supervisor nothing the team form does not show.
 */
export const teamCandidateSchema = z.object({
	id: idSchema,
	name: z.string().min(1).max(200),
	role: z.enum(['inspector', 'supervisor'])
});
export type TeamCandidate = z.infer<typeof teamCandidateSchema>;

/** A unit left off the candidate list for a recent visit. */
export interface ExcludedUnit {
	code: string;
	lastVisit: string;
}

/** A draw as answered: before execution only the commitment; after it, everything to re-check. */
export interface Draw {
	id: string;
	planId: string;
	seedHash: string;
	committedBy: string;
	committedAt: string;
	status: 'committed' | 'executed';
	executedAt: string | null;
	/** What the supervisor fixed at commit (sample size resolved at execution). */
	request: Omit<CommitDraw, 'id'>;
	seed: string | null;
	candidates: DrawCandidate[] | null;
	excluded: ExcludedUnit[] | null;
	rule: DrawRule | null;
	selection: string[] | null;
	/** The planned inspections the draw created, one per selected unit. */
	inspectionIds: string[] | null;
}

export { drawCandidateSchema, drawRuleSchema };
