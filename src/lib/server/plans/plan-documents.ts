/**
 * Plans of visits (issue 16): a supervisor's order to inspect a scope of units in a period, on
 * a decision, to a coverage target. Kept as JSON in `plans` (migration 015), outside the change
 * log: a plan never reaches a pull, and only supervisors and admins of its province read it.
 */
import type { Kysely } from 'kysely';
import type { CreatePlan, Plan } from '$lib/domain/protocol/plans';
import { idSchema } from '$lib/domain/ids';
import type { ApiRoute } from '$lib/domain/permissions';
import { appendAudit } from '../auth/audit';
import { authorizeProvince } from '../authorize';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { findProvince } from '../units';
import { unitsInScope } from './draw-candidates';

/** Most plans one list answers. */
const LIST_LIMIT = 500;

/** The căn cứ of every visit made under the plan: "Quyết định số 12/QĐ-UBND ngày 05/01/2026 của …". */
export function basisOf(decision: CreatePlan['decision']): string {
	const [y, m, d] = decision.date.split('-');
	return `Quyết định số ${decision.number} ngày ${d}/${m}/${y} của ${decision.signer}`.slice(0, 200);
}

/** 404 for a plan that does not exist and for one the actor may not see alike: no hint either way. */
export const planNotFound = () => new Refusal(404, 'plan_not_found', 'No such plan');

/** Stores a plan. 400 for an unknown province or unit, 403 outside the actor's province, 409 for a known id. */
export async function createPlan(db: Kysely<Database>, actor: Actor, input: CreatePlan): Promise<Plan> {
	authorizeProvince(actor, 'POST /api/plans', input.provinceCode);
	if (!(await findProvince(input.provinceCode))) {
		throw new Refusal(400, 'province_not_found', `No province with code ${input.provinceCode}`, 'provinceCode');
	}
	await unitsInScope(db, input.provinceCode, input.scope);
	const now = new Date().toISOString();
	const plan: Plan = { ...input, basis: basisOf(input.decision), createdBy: actor.userId, createdAt: now };
	return db.transaction().execute(async (trx) => {
		const existing = await trx.selectFrom('plans').select('id').where('id', '=', input.id).executeTakeFirst();
		if (existing) throw new Refusal(409, 'already_exists', 'This plan is already on the server', 'id');
		await trx
			.insertInto('plans')
			.values({ id: plan.id, province_code: plan.provinceCode, created_by: actor.userId, created_at: now, data: JSON.stringify(plan) })
			.execute();
		await appendAudit(trx, { action: 'plan_defined', actorUserId: actor.userId, detail: { plan } });
		return plan;
	});
}

/** The plans of the actor's province (every province for a national admin), newest first. */
export async function listPlans(db: Kysely<Database>, actor: Actor): Promise<Plan[]> {
	let query = db.selectFrom('plans').select('data');
	if (actor.provinceCode !== null) query = query.where('province_code', '=', actor.provinceCode);
	const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(LIST_LIMIT).execute();
	return rows.map((r) => JSON.parse(r.data) as Plan);
}

/** One plan, or 404 when it does not exist or is another province's (`route` names the rule checked). */
export async function readPlan(db: Kysely<Database>, actor: Actor, id: string, route: ApiRoute): Promise<Plan> {
	// An id that cannot be one (a NUL, a megabyte) is not looked up: PostgreSQL would refuse it.
	if (!idSchema.safeParse(id).success) throw planNotFound();
	const row = await db.selectFrom('plans').select(['data', 'province_code']).where('id', '=', id).executeTakeFirst();
	if (!row) throw planNotFound();
	try {
		authorizeProvince(actor, route, Number(row.province_code));
	} catch {
		throw planNotFound();
	}
	return JSON.parse(row.data) as Plan;
}
