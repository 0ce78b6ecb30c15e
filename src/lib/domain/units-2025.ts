/**
 * The inspectable units of the 2025 model (Nghị định 118/2025): next to the 3,321 communes of
 * the official list, each province's Trung tâm Phục vụ hành chính công cấp tỉnh and the branches
 * (chi nhánh) its admin creates; each unit may have several reception points (điểm tiếp nhận),
 * one of which an inspection names when the visit starts. See docs/units.md.
 *
 * Codes. An inspection names its unit by a number (`unit.code`), and so do ward accounts,
 * plans, reports and the sync scopes. Centres therefore get numbers too, in a range the
 * official list never uses (its codes have five digits): 900000 + province × 100 is the
 * provincial centre, + 1…99 its branches. A commune's own one-stop is its commune-level centre
 * (Trung tâm Phục vụ hành chính công cấp xã): the same unit, under the commune's official code.
 */
import { z } from 'zod';
import { idSchema } from './ids';

/** First code of the centres' range; every official commune code is below it. */
export const CENTRE_CODE_BASE = 900_000;
/** Branches a province may have: the last two digits of the code. */
export const MAX_BRANCHES = 99;

export const unitKinds = ['commune', 'provincial_centre', 'branch'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const provincialCentreCode = (provinceCode: number): number => CENTRE_CODE_BASE + provinceCode * 100;

/** The code of a province's n-th branch (1…99). */
export function branchCode(provinceCode: number, n: number): number {
	if (!Number.isInteger(n) || n < 1 || n > MAX_BRANCHES) throw new RangeError(`branch number ${n} outside 1…${MAX_BRANCHES}`);
	return provincialCentreCode(provinceCode) + n;
}

export function unitKindOf(code: number): UnitKind {
	if (code < CENTRE_CODE_BASE) return 'commune';
	return code % 100 === 0 ? 'provincial_centre' : 'branch';
}

/** The province of a centre or branch code; null for a commune code (the official list knows). */
export const provinceOfCentreCode = (code: number): number | null =>
	code < CENTRE_CODE_BASE ? null : Math.floor((code - CENTRE_CODE_BASE) / 100);

/** The next free branch code of a province given the codes it has, or null when all 99 are taken. */
export function nextBranchCode(provinceCode: number, taken: readonly number[]): number | null {
	const used = new Set(taken);
	for (let n = 1; n <= MAX_BRANCHES; n++) if (!used.has(branchCode(provinceCode, n))) return branchCode(provinceCode, n);
	return null;
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
const CENTRE = 'Trung tâm Phục vụ hành chính công';

/** "Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang", from the official province name. */
export const provincialCentreName = (provinceName: string): string => `${CENTRE} ${lowerFirst(provinceName)}`;

/** "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm": what a commune's one-stop is called since 2025. */
export const communeCentreName = (communeName: string): string => `${CENTRE} ${lowerFirst(communeName)}`;

const pointName = z.string().trim().min(1, 'name_required').max(200, 'too_long');

/** A reception point as the server keeps it and the device caches it. */
export const receptionPointSchema = z.object({
	id: idSchema,
	unitCode: z.number().int().positive(),
	name: pointName,
	address: z.string().trim().max(200, 'too_long').default(''),
	active: z.boolean()
});
export type ReceptionPoint = z.infer<typeof receptionPointSchema>;

/** What an inspection records of its reception point: the id, and the name as printed. */
export const receptionPointRefSchema = z.object({ id: idSchema, name: pointName });
export type ReceptionPointRef = z.infer<typeof receptionPointRefSchema>;

/** A provincial centre or one of its branches. */
export const centreUnitSchema = z.object({
	code: z.number().int().positive(),
	kind: z.enum(['provincial_centre', 'branch']),
	name: z.string().min(1).max(200),
	provinceCode: z.number().int().positive(),
	active: z.boolean()
});
export type CentreUnit = z.infer<typeof centreUnitSchema>;

/**
 * GET /api/units/directory: a province's centre, branches and every reception point, closed ones
 * included (flagged) so the admin screen and the device read one shape. The device keeps the
 * last answer for offline starts.
 */
export const unitDirectorySchema = z.object({
	province: z.object({ code: z.number().int().positive(), name: z.string() }),
	centres: z.array(centreUnitSchema),
	receptionPoints: z.array(receptionPointSchema)
});
export type UnitDirectory = z.infer<typeof unitDirectorySchema>;

/** The open reception points of one unit, in the directory's order (by name). */
export const openPointsOf = (directory: UnitDirectory | null, unitCode: number): ReceptionPoint[] =>
	(directory?.receptionPoints ?? []).filter((p) => p.unitCode === unitCode && p.active);

/** Admin requests. */
export const branchCreateSchema = z.object({
	provinceCode: z.number({ error: 'province_required' }).int().positive(),
	name: pointName
});
export const branchPatchSchema = z.object({ name: pointName.optional(), active: z.boolean().optional() });
export const receptionPointCreateSchema = z.object({
	unitCode: z.number({ error: 'unit_code_required' }).int().positive(),
	name: pointName,
	address: z.string().trim().max(200, 'too_long').default('')
});
export const receptionPointPatchSchema = z.object({
	name: pointName.optional(),
	address: z.string().trim().max(200, 'too_long').optional(),
	active: z.boolean().optional()
});
export type BranchCreate = z.infer<typeof branchCreateSchema>;
export type BranchPatch = z.infer<typeof branchPatchSchema>;
export type ReceptionPointCreate = z.input<typeof receptionPointCreateSchema>;
export type ReceptionPointPatch = z.infer<typeof receptionPointPatchSchema>;
