/**
 * What one push group costs in statements (issue 21, must-show 1): every statement is a round
 * trip, taken while the writer lock is held. Receipts, change rows and audit entries go in one
 * multi-row INSERT each per group, the answers of a run in one upsert, and the whole group stays
 * within the counts measured when the set-based push was built; the counts are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '$lib/domain/protocol';
import { verifyChain } from '$lib/server/auth/audit';
import { applyPush } from '$lib/server/sync';
import { inspectionsById } from '$lib/server/sync/handlers/context';
import { createInspection } from '$lib/server/sync/handlers/inspections';
import { applied } from '$lib/server/sync/results';
import { writeTransaction } from '$lib/server/sync/write-transaction';
import { defaultTemplate } from '$lib/templates';
import { countedDatabase, statementKind, tally, transactionsIn, type CountedDatabase } from './support/counted-database';
import { answerArgs, failedAnswerArgs, inspectionArgs, officerArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

/** Writes of the bookkeeping tables: one statement each per group, whatever the group holds. */
const BOOKKEEPING = ['insert mutation_receipts', 'insert changes', 'insert audit_log'];

/**
 * The whole group, BEGIN to COMMIT, as measured when this test was written (counts are the
 * same on both databases; before: 50 and 432). A change that adds a round trip per group shows here; one that adds
 * a statement per mutation breaks it by far.
 */
const GROUP_LIMIT = { capacity: 20, answers50: 18, newRecord: 24 };

/** Rows an INSERT's text carries: its tuples of parameters after VALUES. */
const rowsOf = (sql: string) => (/\bvalues\s+(.*?)(?:\s+on conflict\b|\s+returning\b|$)/is.exec(sql)?.[1]?.match(/\(/g) ?? []).length;

const slots = defaultTemplate.sections.flatMap((s) => s.items.map((i) => ({ itemId: i.id, perOfficer: i.perOfficer === true })));

describe.each(testDatabases)('statements per push group on $name', (kind) => {
	const ctx = useSyncContext(kind);
	let counted: CountedDatabase;
	beforeAll(() => {
		counted = countedDatabase(ctx.fresh);
	});
	afterAll(() => counted?.close());

	async function pushCounted(client: TestClient, mutations: Mutation[]) {
		counted.reset();
		const response = await applyPush(counted.db, client.actor, { clientId: client.clientId, mutations }, { blobs: ctx.blobs });
		expect(response.results.filter((r) => r.status !== 'applied')).toEqual([]);
		const groups = transactionsIn(counted.statements);
		expect(groups).toHaveLength(1);
		const group = groups[0]!;
		const kinds = group.map(statementKind);
		const report = { total: counted.statements.length, group: group.length, kinds: tally(group) };
		// Outside the transaction: the client's owner and the receipts already held, one read each.
		expect(counted.statements.length - group.length).toBeLessThanOrEqual(2);
		console.log(`[statements ${kind.name}] ${mutations.length} mutations:`, JSON.stringify(report));
		return { group, kinds, report };
	}

	const count = (kinds: string[], kind: string) => kinds.filter((k) => k === kind).length;

	/** `n` new devices, each with the capacity bench's push: a new record and four answers. */
	function capacityPushes(n: number) {
		const clients = Array.from({ length: n }, () => ctx.newClient());
		const pushes = clients.map((client) => {
			const inspection = inspectionArgs();
			return [
				client.mutation('createInspection', inspection),
				...['A3', 'A4', 'A5', 'A6'].map((itemId) => client.mutation('answerItem', answerArgs(inspection.id, itemId)))
			];
		});
		return { clients, pushes };
	}

	it('capacity push (createInspection + 4 answers): one statement per bookkeeping table and per entity kind', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const mutations = [
			client.mutation('createInspection', inspection),
			...['A1', 'A2', 'A3', 'A4'].map((itemId) => client.mutation('answerItem', answerArgs(inspection.id, itemId)))
		];
		const { group, kinds } = await pushCounted(client, mutations);

		for (const table of BOOKKEEPING) expect(count(kinds, table), table).toBe(1);
		expect(count(kinds, 'insert inspections')).toBe(1);
		expect(count(kinds, 'insert answers')).toBe(1);
		// The new record is not looked for before its insert (the insert keeps a record already
		// there), nor read back after it (the insert answers with the row as stored); its answers
		// look for no earlier answers of it.
		expect(count(kinds, 'select inspections')).toBe(0);
		expect(count(kinds, 'select answers')).toBe(0);
		expect(count(kinds, 'select answer_conflicts')).toBe(0);
		expect(kinds.filter((k) => k.startsWith('savepoint') || k.startsWith('release'))).toEqual([]);
		expect(group.length).toBeLessThanOrEqual(GROUP_LIMIT.capacity);
		// Nothing was lost by writing in sets.
		const stored = await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', inspection.id).execute();
		expect(stored.map((a) => a.item_id).sort()).toEqual(['A1', 'A2', 'A3', 'A4']);
	});

	it.each([
		['inserted alone', false],
		['held back to go with the others', true]
	])('a new record %s is known as the record a read gives (what its answers then go by)', async (_how, held) => {
		const client = ctx.newClient();
		const args = inspectionArgs();
		await writeTransaction(ctx.db, async (scope) => {
			const { trx, log, now, fresh, sent, deferred } = scope;
			const handlerContext = { trx, log, actor: client.actor, blobs: ctx.blobs, now, fresh, ...(held ? { sent, deferred } : {}) };
			expect(await createInspection(handlerContext, args)).toEqual(applied);
			await deferred.writeOut(trx, sent);
			const [read] = await inspectionsById(scope.trx, [args.id]);
			expect(read).toBeDefined();
			expect(scope.fresh.get(args.id)).toStrictEqual(read);
		});
	});

	it("a later run of the same push looks for a new record's answers again once an earlier one wrote some", async () => {
		// One account's answers replace its own whatever was stored, so the read shows only in the
		// count; for another account's (a team member sharing the transaction) it decides a conflict.
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const { kinds } = await pushCounted(client, [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(inspection.id, 'A1')),
			client.mutation('addOfficer', officerArgs(inspection.id)),
			client.mutation('answerItem', failedAnswerArgs(inspection.id, 'A1'))
		]);
		expect(count(kinds, 'select answers')).toBe(1);
		expect(count(kinds, 'select answer_conflicts')).toBe(1);
		// The earlier run's answer, held back to go with others (sync/deferred-rows.ts), is written
		// before the later run reads: the read sees it.
		expect(kinds.indexOf('insert answers')).toBeGreaterThanOrEqual(0);
		expect(kinds.indexOf('insert answers')).toBeLessThan(kinds.indexOf('select answers'));
		const stored = await ctx.db.selectFrom('answers').select('value').where('inspection_id', '=', inspection.id).execute();
		expect(stored.map((r) => JSON.parse(r.value!))).toEqual([failedAnswerArgs(inspection.id, 'A1').value]);
	});

	it("a new record as the app pushes it (create, officers, answers): one insert per entity kind, the officers' together", async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const officers = [0, 1, 2].map((order) => officerArgs(inspection.id, { order, name: `Công chức ${order + 1}` }));
		const mutations = [
			client.mutation('createInspection', inspection),
			...officers.map((o) => client.mutation('addOfficer', o)),
			...['A1', 'A2', 'A3', 'A4'].map((itemId) => client.mutation('answerItem', answerArgs(inspection.id, itemId))),
			client.mutation('answerItem', answerArgs(inspection.id, 'C6', undefined, { officerId: officers[1]!.id }))
		];
		const { group, kinds } = await pushCounted(client, mutations);

		for (const table of BOOKKEEPING) expect(count(kinds, table), table).toBe(1);
		expect(count(kinds, 'insert inspections')).toBe(1);
		expect(count(kinds, 'insert officers')).toBe(1);
		expect(count(kinds, 'insert answers')).toBe(1);
		expect(kinds.filter((k) => k.startsWith('savepoint') || k.startsWith('release'))).toEqual([]);
		expect(group.length).toBeLessThanOrEqual(GROUP_LIMIT.newRecord);
		const stored = await ctx.db
			.selectFrom('officers')
			.select('name')
			.where('inspection_id', '=', inspection.id)
			.orderBy('sort_order')
			.execute();
		expect(stored.map((o) => o.name)).toEqual(['Công chức 1', 'Công chức 2', 'Công chức 3']);
	});

	it('a group of 50 answers (shared and per-officer items): one upsert for them all', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const officers = [0, 1, 2].map((order) => officerArgs(inspection.id, { order }));
		await ctx.push(client, [client.mutation('createInspection', inspection), ...officers.map((o) => client.mutation('addOfficer', o))]);
		const answers = slots
			.flatMap((s) => (s.perOfficer ? officers.map((o) => [s.itemId, o.id] as const) : [[s.itemId, ''] as const]))
			.slice(0, 50)
			.map(([itemId, officerId]) => client.mutation('answerItem', answerArgs(inspection.id, itemId, undefined, { officerId })));
		expect(answers).toHaveLength(50);
		const { group, kinds } = await pushCounted(client, answers);

		for (const table of BOOKKEEPING) expect(count(kinds, table), table).toBe(1);
		expect(count(kinds, 'insert answers')).toBe(1);
		expect(kinds.filter((k) => k.startsWith('savepoint') || k.startsWith('release'))).toEqual([]);
		expect(group.length).toBeLessThanOrEqual(GROUP_LIMIT.answers50);
		const stored = await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', inspection.id).execute();
		expect(stored).toHaveLength(50);
	});

	it('pushes that arrive together share one commit; a failing one fails alone', async () => {
		const { clients, pushes } = capacityPushes(12);
		const intruder = ctx.newClient();
		counted.reset();
		const settled = await Promise.allSettled([
			...clients.map((client, i) =>
				applyPush(counted.db, client.actor, { clientId: client.clientId, mutations: pushes[i]! }, { blobs: ctx.blobs })
			),
			// Another account pushing with the first device's new clientId at the same moment: both
			// pass the owner check before either is registered; the one that comes second is refused
			// inside the shared transaction, alone.
			applyPush(
				counted.db,
				intruder.actor,
				{ clientId: clients[0]!.clientId, mutations: [intruder.mutation('createInspection', inspectionArgs())] },
				{ blobs: ctx.blobs }
			)
		]);
		const commits = transactionsIn(counted.statements).length;
		console.log(`[statements ${kind.name}] 12 concurrent pushes: ${commits} commits`);
		expect(commits).toBeLessThan(clients.length);
		for (const [i, result] of settled.slice(0, clients.length).entries()) {
			expect(result.status).toBe('fulfilled');
			if (result.status === 'fulfilled') {
				expect(result.value.results.map((r) => r.status)).toEqual(pushes[i]!.map(() => 'applied'));
				expect(result.value.lastAppliedSeq).toBe(5);
			}
		}
		expect(settled.at(-1)).toMatchObject({ status: 'rejected', reason: { code: 'client_of_another_user' } });
		expect(await receiptCount(clients)).toBe(clients.length * 5);
	});

	it('pushes sharing a transaction write receipts, last seqs and audit entries once for all, with no savepoint', async () => {
		const { clients, pushes } = capacityPushes(12);
		counted.reset();
		const responses = await Promise.all(
			clients.map((client, i) =>
				applyPush(counted.db, client.actor, { clientId: client.clientId, mutations: pushes[i]! }, { blobs: ctx.blobs })
			)
		);

		for (const [i, response] of responses.entries()) {
			expect(response.results.map((r) => r.status)).toEqual(pushes[i]!.map(() => 'applied'));
			expect(response.lastAppliedSeq).toBe(5);
		}
		const groups = transactionsIn(counted.statements);
		// Each push creates one record, and the records of a transaction go in one insert.
		const pushesIn = (group: string[]) =>
			group.filter((sql) => statementKind(sql) === 'insert inspections').reduce((n, sql) => n + rowsOf(sql), 0);
		console.log(`[statements ${kind.name}] 12 concurrent pushes in ${groups.length} transactions:`, groups.map(pushesIn).join(' + '));
		// The twelve arrived together: some at least went in one transaction.
		expect(groups.length).toBeLessThan(clients.length);
		expect(groups.map(pushesIn).reduce((a, b) => a + b, 0)).toBe(clients.length);
		for (const group of groups) {
			const kinds = group.map(statementKind);
			const n = pushesIn(group);
			console.log(
				`[statements ${kind.name}] ${n} pushes in one transaction:`,
				JSON.stringify({ group: kinds.length, kinds: tally(group) })
			);
			for (const table of BOOKKEEPING) expect(count(kinds, table), table).toBe(1);
			// The audit head locked and moved once.
			expect(count(kinds, 'update audit_head')).toBe(2);
			expect(kinds.filter((k) => k.startsWith('savepoint') || k.startsWith('release'))).toEqual([]);
			if (n === 1) {
				expect(kinds.length).toBeLessThanOrEqual(GROUP_LIMIT.capacity);
				continue;
			}
			// Shared: the clients registered in one statement and their last seqs moved in one; the
			// receipts and relayed parts of every push read in one each.
			expect(count(kinds, 'insert clients')).toBe(2);
			expect(count(kinds, 'update clients')).toBe(0);
			expect(count(kinds, 'select mutation_receipts')).toBe(1);
			expect(count(kinds, 'select relayed_mutations')).toBe(1);
			// Nothing per push: the records in one insert and the answers of all of them in one upsert,
			// read nowhere and held back until the end (sync/deferred-rows.ts), as many statements as one push alone.
			expect(count(kinds, 'select inspections')).toBe(0);
			expect(count(kinds, 'insert inspections')).toBe(1);
			expect(count(kinds, 'insert answers')).toBe(1);
			expect(kinds.length).toBeLessThanOrEqual(GROUP_LIMIT.capacity);
		}

		const stored = await ctx.db
			.selectFrom('clients')
			.select('last_seq')
			.where(
				'client_id',
				'in',
				clients.map((c) => c.clientId)
			)
			.execute();
		expect(stored.map((c) => Number(c.last_seq))).toEqual(clients.map(() => 5));
		expect(await receiptCount(clients)).toBe(clients.length * 5);
		expect((await verifyChain(ctx.db)).ok).toBe(true);
	});

	it("a new record held back after another push's answers is written before them: its own answers never come first", async () => {
		// The first push answers a stored record (its answers held back first), the second creates a
		// record and answers it; sharing a transaction, the answers of both go in one upsert, which
		// must follow the new record's insert. Tried again (new devices) until the two share one.
		let shared = false;
		for (let attempt = 0; attempt < 20 && !shared; attempt++) {
			const [stored, fresh] = [ctx.newClient(), ctx.newClient()];
			const old = inspectionArgs();
			await applyPush(
				ctx.db,
				stored.actor,
				{ clientId: stored.clientId, mutations: [stored.mutation('createInspection', old)] },
				{ blobs: ctx.blobs }
			);
			const created = inspectionArgs();
			counted.reset();
			const [answered, made] = await Promise.all([
				applyPush(
					counted.db,
					stored.actor,
					{ clientId: stored.clientId, mutations: [stored.mutation('answerItem', answerArgs(old.id, 'A1'))] },
					{ blobs: ctx.blobs }
				),
				applyPush(
					counted.db,
					fresh.actor,
					{
						clientId: fresh.clientId,
						mutations: [fresh.mutation('createInspection', created), fresh.mutation('answerItem', answerArgs(created.id, 'A1'))]
					},
					{ blobs: ctx.blobs }
				)
			]);
			const groups = transactionsIn(counted.statements);
			shared = groups.length === 1;
			expect([...answered.results, ...made.results].map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
			if (shared) {
				const kinds = groups[0]!.map(statementKind);
				expect(count(kinds, 'insert answers')).toBe(1);
				expect(kinds.indexOf('insert inspections')).toBeLessThan(kinds.indexOf('insert answers'));
			}
			const answers = await ctx.db
				.selectFrom('answers')
				.select('inspection_id')
				.where('inspection_id', 'in', [old.id, created.id])
				.execute();
			expect(answers.map((a) => a.inspection_id).sort()).toEqual([old.id, created.id].sort());
		}
		expect(shared).toBe(true);
	});

	it('a push sent twice into one shared transaction is applied once; the copy is answered from the receipts it holds', async () => {
		// Sent at the same moment, the two usually share a transaction; tried again (a new device
		// each time) until they do, so that the copy meets the first one's receipts held unwritten.
		let shared = false;
		for (let attempt = 0; attempt < 20 && !shared; attempt++) {
			const client = ctx.newClient();
			const inspection = inspectionArgs();
			const mutations = [
				client.mutation('createInspection', inspection),
				...['A3', 'A4'].map((itemId) => client.mutation('answerItem', answerArgs(inspection.id, itemId)))
			];
			const auditBefore = await auditCount();
			counted.reset();
			const send = () => applyPush(counted.db, client.actor, { clientId: client.clientId, mutations }, { blobs: ctx.blobs });
			const [first, copy] = await Promise.all([send(), send()]);
			shared = transactionsIn(counted.statements).length === 1;

			expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
			expect(copy.results).toEqual(first.results);
			expect(copy.lastAppliedSeq).toBe(3);
			const receipts = await ctx.db
				.selectFrom('mutation_receipts')
				.select('mutation_id')
				.where('client_id', '=', client.clientId)
				.execute();
			expect(receipts).toHaveLength(3);
			expect((await auditCount()) - auditBefore).toBe(3);
			const answers = await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', inspection.id).execute();
			expect(answers.map((a) => a.item_id).sort()).toEqual(['A3', 'A4']);
			const [stored] = await ctx.db.selectFrom('clients').select('last_seq').where('client_id', '=', client.clientId).execute();
			expect(Number(stored!.last_seq)).toBe(3);
		}
		expect(shared).toBe(true);
	});

	/** Receipts stored for these devices' mutations. */
	const receiptCount = async (clients: TestClient[]) =>
		(
			await ctx.db
				.selectFrom('mutation_receipts')
				.select('mutation_id')
				.where(
					'client_id',
					'in',
					clients.map((c) => c.clientId)
				)
				.execute()
		).length;

	const auditCount = async () =>
		Number(
			(
				await ctx.db
					.selectFrom('audit_log')
					.select(({ fn }) => fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
});
