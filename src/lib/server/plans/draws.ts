/**
 * A plan's verifiable draw (docs/draw.md): commit to a fresh seed's hash with the rule, then
 * execute — fix the candidates, reveal the seed, compute the selection with the shared domain
 * function, and create the planned visits. Both steps are audited with their inputs.
 *
 * One draw per plan: a supervisor who could commit again and again could keep the draw they
 * liked; another draw needs another plan, which the list and the audit log show.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { defaultSampleSize, drawSelection, seedCommitment, type DrawRule } from '$lib/domain/draw';
import { idSchema, uuidv7 } from '$lib/domain/ids';
import type { ApiRoute } from '$lib/domain/permissions';
import type { CommitDraw, Draw, ExecuteDraw, ExcludedUnit } from '$lib/domain/protocol/plans';
import type { DrawCandidate } from '$lib/domain/draw';
import { appendAudit } from '../auth/audit';
import type { Database, PlanDrawsTable } from '../db/schema';
import { Refusal } from '../http';
import type { Actor } from '../sync/actor';
import { writeTransaction } from '../sync/write-transaction';
import { findUnit } from '../units';
import { drawCandidates, unitsInScope } from './draw-candidates';
import { readPlan } from './plan-documents';
import { insert, prepare, type PreparedPlan } from './plans';

interface DrawResult {
	candidates: DrawCandidate[];
	excluded: ExcludedUnit[];
	rule: DrawRule;
	selection: string[];
	inspectionIds: string[];
}

const drawNotFound = () => new Refusal(404, 'draw_not_found', 'No such draw');

/** The answer: the seed and the result only once executed. */
function toDraw(row: PlanDrawsTable): Draw {
	const result = row.result === null ? null : (JSON.parse(row.result) as DrawResult);
	return {
		id: row.id,
		planId: row.plan_id,
		seedHash: row.seed_hash,
		committedBy: row.committed_by,
		committedAt: row.committed_at,
		status: row.executed_at === null ? 'committed' : 'executed',
		executedAt: row.executed_at,
		request: JSON.parse(row.request) as Draw['request'],
		seed: row.executed_at === null ? null : row.seed,
		candidates: result?.candidates ?? null,
		excluded: result?.excluded ?? null,
		rule: result?.rule ?? null,
		selection: result?.selection ?? null,
		inspectionIds: result?.inspectionIds ?? null
	};
}

async function drawRow(db: Kysely<Database>, planId: string, drawId: string): Promise<PlanDrawsTable> {
	if (!idSchema.safeParse(drawId).success) throw drawNotFound();
	const row = await db.selectFrom('plan_draws').selectAll().where('id', '=', drawId).where('plan_id', '=', planId).executeTakeFirst();
	if (!row) throw drawNotFound();
	return row;
}

/** The draws of a plan the actor may read (404 otherwise). */
export async function listDraws(db: Kysely<Database>, actor: Actor, planId: string): Promise<Draw[]> {
	await readPlan(db, actor, planId, 'GET /api/plans/[id]');
	const rows = await db.selectFrom('plan_draws').selectAll().where('plan_id', '=', planId).orderBy('committed_at').execute();
	return rows.map(toDraw);
}

export async function readDraw(db: Kysely<Database>, actor: Actor, planId: string, drawId: string): Promise<Draw> {
	await readPlan(db, actor, planId, 'GET /api/plans/[id]/draws/[drawId]');
	return toDraw(await drawRow(db, planId, drawId));
}

/**
 * Commits: a fresh 32-byte seed is stored, its hash recorded in the audit log, and only the hash
 * answered. 409 `draw_exists` when the plan already has a draw.
 */
export async function commitDraw(db: Kysely<Database>, actor: Actor, planId: string, input: CommitDraw): Promise<Draw> {
	const route: ApiRoute = 'POST /api/plans/[id]/draws';
	const plan = await readPlan(db, actor, planId, route);
	const scope = await unitsInScope(db, plan.provinceCode, plan.scope);
	input.handPicks.forEach((pick, i) => {
		if (!scope.includes(pick.code))
			throw new Refusal(400, 'unit_not_found', `Unit ${pick.code} is not in the plan's scope`, `handPicks.${i}.code`);
	});
	const seed = randomBytes(32).toString('hex');
	const seedHash = await seedCommitment(seed);
	const { id, ...request } = input;
	return db.transaction().execute(async (trx) => {
		const taken = await trx
			.selectFrom('plan_draws')
			.select(['id', 'plan_id'])
			.where((eb) => eb.or([eb('id', '=', id), eb('plan_id', '=', planId)]))
			.execute();
		if (taken.some((t) => t.id === id)) throw new Refusal(409, 'already_exists', 'This draw is already on the server', 'id');
		if (taken.length > 0) throw new Refusal(409, 'draw_exists', 'This plan already has its draw');
		const row: PlanDrawsTable = {
			id,
			plan_id: planId,
			seed_hash: seedHash,
			seed,
			request: JSON.stringify(request),
			committed_by: actor.userId,
			committed_at: new Date().toISOString(),
			executed_at: null,
			result: null
		};
		await trx.insertInto('plan_draws').values(row).execute();
		await appendAudit(trx, { action: 'draw_committed', actorUserId: actor.userId, detail: { planId, drawId: id, seedHash, request } });
		return toDraw(row);
	});
}

/**
 * Executes: fixes the candidates from the database as it is now, computes the selection, creates
 * one planned inspection per selected unit (the plan's window and căn cứ, the given inspectors),
 * and reveals the seed. 409 `draw_already_executed` for a second execution.
 */
export async function executeDraw(db: Kysely<Database>, actor: Actor, planId: string, drawId: string, input: ExecuteDraw): Promise<Draw> {
	const route: ApiRoute = 'POST /api/plans/[id]/draws/[drawId]/execute';
	const plan = await readPlan(db, actor, planId, route);
	const row = await drawRow(db, planId, drawId);
	if (row.executed_at !== null) throw new Refusal(409, 'draw_already_executed', 'This draw was executed already');
	const request = JSON.parse(row.request) as Draw['request'];

	const scope = await unitsInScope(db, plan.provinceCode, plan.scope);
	const { candidates, excluded } = await drawCandidates(db, plan.provinceCode, scope, request);
	const rule: DrawRule = {
		sampleSize: request.sampleSize ?? defaultSampleSize(plan.coverageTargetPercent, scope.length),
		excludeVisitedMonths: request.excludeVisitedMonths
	};
	const selection = (await drawSelection(row.seed, candidates, rule)).map((u) => u.code);

	const origin = { inspectionType: plan.inspectionType, planId, drawId };
	const prepared: PreparedPlan[] = [];
	for (const code of selection) {
		const unit = (await findUnit(db, Number(code)))!;
		const visit = {
			id: uuidv7(),
			unit: { code: unit.code, name: unit.name, provinceCode: unit.provinceCode, provinceName: unit.provinceName },
			windowStart: plan.windowStart,
			windowEnd: plan.windowEnd,
			team: input.team,
			...(input.assignedInspectorIds && { assignedInspectorIds: input.assignedInspectorIds }),
			basis: plan.basis
		};
		prepared.push({ ...(await prepare(db, actor, visit, route)), origin });
	}
	const inspectionIds = prepared.map((p) => p.input.id);
	const result: DrawResult = { candidates, excluded, rule, selection, inspectionIds };

	return writeTransaction(db, async (scopeOfWrite) => {
		const executedAt = scopeOfWrite.now;
		const updated = await scopeOfWrite.trx
			.updateTable('plan_draws')
			.set({ executed_at: executedAt, result: JSON.stringify(result) })
			.where('id', '=', drawId)
			.where('executed_at', 'is', null)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) throw new Refusal(409, 'draw_already_executed', 'This draw was executed already');
		for (const p of prepared) await insert(scopeOfWrite, actor, p);
		await appendAudit(scopeOfWrite.trx, {
			action: 'draw_executed',
			actorUserId: actor.userId,
			detail: { planId, drawId, seedHash: row.seed_hash, seed: row.seed, ...result }
		});
		return toDraw({ ...row, executed_at: executedAt, result: JSON.stringify(result) });
	});
}
