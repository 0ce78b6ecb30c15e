/**
 * The roster of counter officers (issue 16, must-show 8; docs/roster.md): the people who work at
 * a unit's one-stop counter. The ward keeps its own, the province's admins any of theirs, and the
 * inspector's device keeps a copy so a per-officer item picks a person offline. An officer added
 * to an inspection from the roster carries its `rosterId`, which lets reports follow one person
 * across visits. The roster says nothing about inspections: a ward learns no plan from it.
 */
import { z } from 'zod';
import type { Principal } from './principal';

export { searchRoster } from './roster-search';

const officerText = (max: number) => z.string().trim().max(max, 'too_long');
const officerName = officerText(200).min(1, 'name_required');

export const rosterOfficerSchema = z.object({
	id: z.uuid(),
	unitCode: z.number().int().positive(),
	name: z.string(),
	position: z.string(),
	/** Lĩnh vực: the field of procedures the officer receives (đất đai, hộ tịch…); may be empty. */
	field: z.string(),
	/** false once the officer has left the counter; kept because inspections name them. */
	active: z.boolean(),
	updatedAt: z.iso.datetime()
});
export type RosterOfficer = z.infer<typeof rosterOfficerSchema>;

/** GET /api/units/<code>/roster: every officer of the unit, those who left included (flagged). */
export const unitRosterSchema = z.object({
	unitCode: z.number().int().positive(),
	officers: z.array(rosterOfficerSchema)
});
export type UnitRoster = z.infer<typeof unitRosterSchema>;

/** POST /api/units/<code>/roster. */
export const rosterOfficerCreateSchema = z.object({
	name: officerName,
	position: officerText(200).default(''),
	field: officerText(200).default('')
});
export type RosterOfficerCreate = z.input<typeof rosterOfficerCreateSchema>;

/** PATCH /api/units/<code>/roster/<id>. */
export const rosterOfficerPatchSchema = z.object({
	name: officerName.optional(),
	position: officerText(200).optional(),
	field: officerText(200).optional(),
	active: z.boolean().optional()
});
export type RosterOfficerPatch = z.infer<typeof rosterOfficerPatchSchema>;

export interface RosterUnit {
	code: number;
	provinceCode: number;
}

const ofProvince = (p: Principal, unit: RosterUnit) => p.provinceCode === null || p.provinceCode === unit.provinceCode;

/**
 * Who reads a unit's roster: the ward of that unit (its own staff), and the inspectors,
 * supervisors and admins of its province (inspectors cache it for visits).
 */
export function canReadRoster(p: Principal, unit: RosterUnit): boolean {
	if (p.role === 'ward') return p.unitCode === unit.code;
	return ofProvince(p, unit);
}

/**
 * Who keeps it: the ward of that unit and the province's admins. Inspectors and supervisors do
 * not: an inspector records who was at the counter on the visit itself (an unlisted officer).
 */
export function canEditRoster(p: Principal, unit: RosterUnit): boolean {
	if (p.role === 'ward') return p.unitCode === unit.code;
	return p.role === 'admin' && ofProvince(p, unit);
}
