/**
 * Planned inspections: a supervisor picks a commune, a date window and the inspectors who go.
 * The plan is secret from the unit (see permissions.ts). Shared by the planning API now and the
 * planning screens later, so both check a plan the same way.
 */
import { z } from 'zod';
import { idSchema } from './ids';
import { unitRefSchema, type InspectionStatus, type UnitRef } from './inspection';

const isoDate = z.iso.date({ message: 'invalid_date' });

/** At most this many inspectors on one visit: a team, not a department. */
export const MAX_ASSIGNED_INSPECTORS = 20;

export const planRequestSchema = z
	.object({
		id: idSchema,
		// Names are bounded here (the shared unit schema is not): the server keeps the official
		// names anyway, and an unbounded one is only a way to fill logs and memory.
		unit: unitRefSchema.extend({
			name: z.string().min(1).max(200, 'too_long'),
			provinceName: z.string().min(1).max(200, 'too_long')
		}),
		windowStart: isoDate,
		windowEnd: isoDate,
		assignedInspectorIds: z.array(idSchema).min(1, 'inspectors_required').max(MAX_ASSIGNED_INSPECTORS, 'too_many_inspectors'),
		/** Căn cứ: the plan or decision ordering the visit. */
		basis: z.string().trim().max(200, 'too_long').default('')
	})
	// ISO dates compare correctly as strings.
	.refine((p) => p.windowStart <= p.windowEnd, { path: ['windowEnd'], message: 'window_end_before_start' })
	.refine((p) => new Set(p.assignedInspectorIds).size === p.assignedInspectorIds.length, {
		path: ['assignedInspectorIds'],
		message: 'inspector_assigned_twice'
	});
export type PlanRequest = z.infer<typeof planRequestSchema>;

/** A planned inspection as the planning API answers it. */
export interface PlannedInspection {
	id: string;
	unit: UnitRef;
	windowStart: string;
	windowEnd: string;
	assignedInspectorIds: string[];
	basis: string;
	/** 'planned' until an assigned inspector starts the visit (a later intent). */
	status: InspectionStatus;
	createdBy: string;
	createdAt: string;
}
