/**
 * `relayPart` (issue 17, must-show 3) through the real push, on both databases: the trưởng
 * đoàn relays a member's part read by QR code; the server checks the member's signature and
 * team, applies each inner mutation as the member exactly once, and answers the member's own
 * later push of the same mutations as already applied, consuming its seq. Forged, tampered,
 * foreign-key and off-team parts change nothing.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationArgs } from '$lib/domain/protocol';
import { exportPublicJwk, generateDeviceKeyPair, keyIdOf, PART_FORMAT, signPart, type SignedPart } from '$lib/domain/team-part';
import type { Database } from '$lib/server/db';
import { registerDeviceKey, teamKeys } from '$lib/server/device-keys';
import { applyPush } from '$lib/server/sync';
import { createCaller, type Caller } from './support/callers';
import { answerArgs, answerValue, inspectionArgs } from './support/factories';
import { TestClient, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

interface Member {
	caller: Caller;
	client: TestClient;
	keys: CryptoKeyPair;
	keyId: string;
}

describe.each(testDatabases)('relaying a member’s part on $name', (kind) => {
	const ctx = useSyncContext(kind);
	let db: Kysely<Database>;
	let lead: Caller, leadClient: TestClient;
	let binh: Member, chi: Member, outsider: Member;

	const push = (client: TestClient, mutations: unknown[]) =>
		applyPush(db, client.actor, { clientId: client.clientId, mutations: mutations as Mutation[] }, { blobs: ctx.blobs });

	async function member(label: string): Promise<Member> {
		const caller = await createCaller(db, 'inspector', { provinceCode: 1 }, label);
		const keys = await generateDeviceKeyPair();
		const publicJwk = await exportPublicJwk(keys.publicKey);
		const { keyId } = await registerDeviceKey(db, caller.user, { keyId: await keyIdOf(publicJwk), publicJwk });
		return { caller, client: new TestClient(caller.user), keys, keyId };
	}

	beforeAll(async () => {
		if (kind.skipReason) return;
		db = ctx.db;
		lead = await createCaller(db, 'inspector', { provinceCode: 1 }, 'trưởng đoàn');
		leadClient = new TestClient(lead.user);
		binh = await member('Bình');
		chi = await member('Chi');
		outsider = await member('not on the team');
	});

	/** A draft of the lead with Bình and Chi on its team (assigned through the header). */
	async function teamRecord(): Promise<string> {
		const record = inspectionArgs();
		const team: MutationArgs<'updateInspectionHeader'>['patch']['team'] = [
			{ userId: lead.user.userId, name: 'Nguyễn Văn An', role: 'truong_doan', position: '', organisation: '' },
			{ userId: binh.caller.user.userId, name: 'Trần Văn Bình', role: 'thanh_vien', position: '', organisation: '' },
			{ userId: chi.caller.user.userId, name: 'Lê Thị Chi', role: 'thanh_vien', position: '', organisation: '' }
		];
		const response = await push(leadClient, [
			leadClient.mutation('createInspection', record),
			leadClient.mutation('updateInspectionHeader', { inspectionId: record.id, patch: { team } })
		]);
		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		return record.id;
	}

	/** Bình's work on the record as his phone queued it: take section A, answer A1, hand in. */
	function binhsQueue(inspectionId: string): Mutation[] {
		const userId = binh.caller.user.userId;
		return [
			binh.client.mutation('holdSections', { inspectionId, sectionIds: ['A'], userId }),
			binh.client.mutation('answerItem', {
				...answerArgs(inspectionId, 'A1', answerValue('A1', 'fail')),
				note: 'Không niêm yết',
				basedOn: null
			}),
			binh.client.mutation('handInPart', { inspectionId, handedInAt: new Date().toISOString() })
		];
	}

	async function partOf(who: Member, inspectionId: string, queue: Mutation[], signer = who): Promise<SignedPart> {
		return signPart(
			{
				format: PART_FORMAT,
				inspectionId,
				userId: who.caller.user.userId,
				keyId: signer.keyId,
				createdAt: new Date().toISOString(),
				mutations: queue.map(({ seq: _seq, ...m }) => JSON.parse(JSON.stringify(m)) as SignedPart['mutations'][number])
			},
			signer.keys.privateKey
		);
	}

	const relay = (part: SignedPart) => push(leadClient, [leadClient.mutation('relayPart', part)]);
	const answerOf = (inspectionId: string) =>
		db.selectFrom('answers').selectAll().where('inspection_id', '=', inspectionId).where('item_id', '=', 'A1').executeTakeFirst();
	const countChanges = () => ctx.countChanges();

	it('relay first: applied as the member; the member’s own push is answered applied and moves its seq', async () => {
		const id = await teamRecord();
		const queue = binhsQueue(id);
		const relayed = await relay(await partOf(binh, id, queue));
		expect(relayed.results.map((r) => [r.status, r.code])).toEqual([['applied', undefined]]);
		const answer = await answerOf(id);
		expect(answer).toMatchObject({ answered_by: binh.caller.user.userId });
		const holding = await db.selectFrom('section_holdings').selectAll().where('inspection_id', '=', id).execute();
		expect(holding.map((h) => [h.section_id, h.user_id])).toEqual([['A', binh.caller.user.userId]]);
		const part = await db.selectFrom('team_parts').selectAll().where('inspection_id', '=', id).executeTakeFirstOrThrow();
		expect(part).toMatchObject({ user_id: binh.caller.user.userId, state: 'handed_in' });

		// Later, online, Bình's phone pushes the same queue with its own seq.
		const before = await countChanges();
		const own = await push(binh.client, queue);
		expect(own.results.map((r) => [r.seq, r.status, r.code])).toEqual([
			[1, 'applied', undefined],
			[2, 'applied', undefined],
			[3, 'applied', undefined]
		]);
		expect(own.lastAppliedSeq).toBe(3);
		expect(await countChanges()).toBe(before);
		// A replay of the same push takes its receipts; the next mutation of the queue applies normally.
		expect((await push(binh.client, queue)).results).toEqual(own.results);
		const next = binh.client.mutation('answerItem', { ...answerArgs(id, 'A2'), basedOn: null });
		expect((await push(binh.client, [next])).results.map((r) => [r.seq, r.status])).toEqual([[4, 'applied']]);
	});

	it('own push first: the relay applies nothing again', async () => {
		const id = await teamRecord();
		const queue = binhsQueue(id);
		expect((await push(binh.client, queue)).results.every((r) => r.status === 'applied')).toBe(true);
		const before = await countChanges();
		const answerBefore = await answerOf(id);
		const relayed = await relay(await partOf(binh, id, queue));
		expect(relayed.results.map((r) => r.status)).toEqual(['applied']);
		expect(await countChanges()).toBe(before);
		expect(await answerOf(id)).toEqual(answerBefore);
		const rows = await db.selectFrom('relayed_mutations').select('mutation_id').where('inspection_id', '=', id).execute();
		expect(rows).toEqual([]);
	});

	it('a relayed mutation the member could not make is refused once, and so is their own push of it', async () => {
		const id = await teamRecord();
		// Chi holds A: Bình's answer in A is outside his sections.
		const chiTakes = chi.client.mutation('holdSections', { inspectionId: id, sectionIds: ['A'], userId: chi.caller.user.userId });
		expect((await push(chi.client, [chiTakes])).results[0]?.status).toBe('applied');
		const answer = binh.client.mutation('answerItem', { ...answerArgs(id, 'A1'), basedOn: null });
		const { cursor } = await ctx.pullAll(lead.user);
		expect((await relay(await partOf(binh, id, [answer]))).results[0]?.status).toBe('applied');
		expect(await answerOf(id)).toBeUndefined();
		// The trưởng đoàn's phone merged that answer already: the server tells it the answer is not there.
		const { changes } = await ctx.pullAll(lead.user, { cursor });
		expect(changes.filter((c) => c.entity === 'answer').map((c) => [c.op, (c.data as { itemId: string }).itemId])).toEqual([
			['delete', 'A1']
		]);
		const own = await push(binh.client, [answer]);
		expect(own.results.map((r) => [r.status, r.code])).toEqual([['rejected', 'section_not_held']]);
		expect(own.lastAppliedSeq).toBe(answer.seq);
	});

	it.each([
		[
			'a forged signature',
			'part_signature_invalid',
			async (id: string, queue: Mutation[]) => partOf(binh, id, queue, { ...binh, keys: outsider.keys })
		],
		['another member’s key', 'part_signature_invalid', async (id: string, queue: Mutation[]) => partOf(binh, id, queue, chi)],
		[
			'tampered arguments',
			'part_signature_invalid',
			async (id: string, queue: Mutation[]) => {
				const part = await partOf(binh, id, queue);
				(part.mutations[1]!.args as { note: string }).note = 'Đã niêm yết đầy đủ';
				return part;
			}
		],
		['a member not on the team', 'not_on_team', async (id: string, queue: Mutation[]) => partOf(outsider, id, queue)]
	])('refuses %s and applies nothing', async (_label, code, make) => {
		const id = await teamRecord();
		const before = await countChanges();
		const relayed = await relay(await make(id, binhsQueue(id)));
		expect(relayed.results.map((r) => [r.status, r.code])).toEqual([['rejected', code]]);
		expect(await countChanges()).toBe(before);
		expect(await answerOf(id)).toBeUndefined();
		expect(await db.selectFrom('relayed_mutations').select('mutation_id').where('inspection_id', '=', id).execute()).toEqual([]);
	});

	it('only the record’s writer relays: a member relaying their own part is refused', async () => {
		const id = await teamRecord();
		const part = await partOf(binh, id, binhsQueue(id));
		const phone = new TestClient(binh.caller.user);
		const response = await push(phone, [phone.mutation('relayPart', part)]);
		expect(response.results.map((r) => [r.status, r.code])).toEqual([['rejected', 'forbidden']]);
		expect(await answerOf(id)).toBeUndefined();
	});

	it('a mutation relayed for one member cannot be claimed by another account', async () => {
		const id = await teamRecord();
		const queue = binhsQueue(id);
		await relay(await partOf(binh, id, queue));
		const copied = { ...queue[0]!, seq: 1, mutationId: queue[0]!.mutationId };
		const chiClient = new TestClient(chi.caller.user);
		const response = await push(chiClient, [copied]);
		expect(response.results.map((r) => [r.status, r.code])).toEqual([['deferred', 'mutation_id_reused']]);
	});

	it('device keys: registering is idempotent, a colleague’s key or a wrong id is refused; team keys only for the team', async () => {
		const id = await teamRecord();
		const publicJwk = await exportPublicJwk(binh.keys.publicKey);
		const again = await registerDeviceKey(db, binh.caller.user, { keyId: binh.keyId, publicJwk });
		expect(again.keyId).toBe(binh.keyId);
		await expect(registerDeviceKey(db, chi.caller.user, { keyId: binh.keyId, publicJwk })).rejects.toMatchObject({
			status: 409,
			code: 'already_exists'
		});
		await expect(registerDeviceKey(db, binh.caller.user, { keyId: chi.keyId, publicJwk })).rejects.toMatchObject({
			status: 400,
			code: 'key_id_mismatch'
		});
		const held = await teamKeys(db, lead.user, id);
		expect(held.keys.map((k) => k.userId).sort()).toEqual([binh.caller.user.userId, chi.caller.user.userId].sort());
		expect((await teamKeys(db, binh.caller.user, id)).keys).toHaveLength(2);
		await expect(teamKeys(db, outsider.caller.user, id)).rejects.toMatchObject({ status: 404, code: 'inspection_not_found' });
		// A revoked key is no longer handed out, and signs nothing the server accepts.
		await db.updateTable('device_keys').set({ revoked_at: new Date().toISOString() }).where('key_id', '=', chi.keyId).execute();
		expect((await teamKeys(db, lead.user, id)).keys.map((k) => k.userId)).toEqual([binh.caller.user.userId]);
	});
});
