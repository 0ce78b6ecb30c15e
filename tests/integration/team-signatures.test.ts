/**
 * Each team member signs their own block (issue 16), on real SQLite and PostgreSQL: the leader
 * as 'inspector', a member and the thư ký as 'member:<n>'. The server refuses a member signature
 * that names nobody on the record's team at that place, and a member's refusal; the device's
 * printed fingerprint and the server's agree with member signatures in the record; after the
 * team changes, a signature naming a removed member is no part of the record, on either side, and
 * does not block the submission.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SignatureMeta, TeamMember } from '$lib/domain/inspection';
import { recordFingerprint } from '$lib/domain/record-fingerprint';
import { AppDb } from '$lib/local/app-db';
import { answerItem, createInspection, signInspection, submitInspection, updateInspectionHeader } from '$lib/local/inspection-actions';
import { loadInspectionBundle } from '$lib/local/inspection-queries';
import { syncOnce } from '$lib/local/sync/sync-engine';
import { header, markRestNotApplicable, signBoth } from '$lib/local/test-fixtures';
import { serverFingerprint } from '$lib/server/records';
import type { Actor } from '$lib/server/sync';
import { defaultTemplate } from '$lib/templates';
import { pngImage } from './support/factories';
import { serverTransport } from './support/server-transport';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const team: TeamMember[] = [
	{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Phó Giám đốc', organisation: 'Sở Nội vụ' },
	{ name: 'Hoàng Văn Em', role: 'thanh_vien', position: 'Chuyên viên', organisation: 'Sở Nội vụ' },
	{ name: 'Phạm Thị Dung', role: 'thu_ky', position: 'Chuyên viên', organisation: 'Sở Nội vụ' }
];

describe.each(testDatabases)('team members sign their own blocks on $name', (kind) => {
	const ctx = useSyncContext(kind);
	let n = 0;
	const device = () => new AppDb(`team-signatures-${kind.name}-${++n}-${Date.now()}`);
	const png = pngImage(300);
	const bytes = { bytes: png.bytes.buffer, sha256: png.sha256 };
	const drawn = (inspectionId: string, role: SignatureMeta['role'], signerName: string): SignatureMeta => ({
		refused: false,
		inspectionId,
		role,
		signerName,
		signerPosition: 'Chuyên viên',
		sha256: png.sha256,
		mime: 'image/png',
		size: png.bytes.byteLength,
		signedAt: '2026-11-25T10:05:00.000+07:00'
	});

	async function drain(db: AppDb, actor: Actor) {
		const transport = serverTransport(ctx, actor);
		for (let round = 0; round < 10 && (await db.outbox.count()) > 0; round++) await syncOnce(db, transport);
		expect(await db.outbox.toArray()).toEqual([]);
	}

	/** A record of the three-member team, answered, signed by the leader, the unit and both members. */
	async function signedByAll(db: AppDb, actor: Actor) {
		const id = await createInspection(db, { header: { ...header, team }, template: defaultTemplate, createdBy: actor.userId });
		await answerItem(db, { inspectionId: id, itemId: 'A4', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await markRestNotApplicable(db, id, defaultTemplate);
		await signBoth(db, id, defaultTemplate, 'sign', bytes);
		await signInspection(db, defaultTemplate, drawn(id, 'member:1', 'Hoàng Văn Em'), bytes.bytes);
		await signInspection(db, defaultTemplate, drawn(id, 'member:2', 'Phạm Thị Dung'), bytes.bytes);
		return id;
	}

	async function deviceFingerprint(db: AppDb, id: string) {
		const b = (await loadInspectionBundle(db, id))!;
		return recordFingerprint({
			inspection: b.inspection,
			officers: b.officers,
			answers: b.answers,
			signatures: b.signatures,
			findings: b.findings
		});
	}

	it('every member’s signature is stored and fingerprinted alike on the device and the server', async () => {
		const actor = ctx.newInspector();
		const db = device();
		await ctx.upload(png);
		const id = await signedByAll(db, actor);
		await submitInspection(db, id, defaultTemplate);
		await drain(db, actor);

		const roles = await ctx.db
			.selectFrom('signatures')
			.select(['role', 'signer_name'])
			.where('inspection_id', '=', id)
			.orderBy('role')
			.execute();
		expect(roles.map((r) => [r.role, r.signer_name])).toEqual([
			['inspector', 'Nguyễn Văn An'],
			['member:1', 'Hoàng Văn Em'],
			['member:2', 'Phạm Thị Dung'],
			['unit_rep', 'Trần Thị Bình']
		]);
		const printed = await deviceFingerprint(db, id);
		expect(await serverFingerprint(ctx.db, id)).toBe(printed);
		// The members' signatures are part of what is printed and verified.
		const withoutMembers = (await loadInspectionBundle(db, id))!;
		const leaderAndUnit = withoutMembers.signatures.filter((s) => !s.role.startsWith('member:'));
		expect(await recordFingerprint({ ...withoutMembers, signatures: leaderAndUnit, findings: withoutMembers.findings })).not.toBe(printed);
		db.close();
	});

	it('refuses a member signature that names nobody on the team at that place, and a member’s refusal', async () => {
		const actor = ctx.newInspector();
		const db = device();
		await ctx.upload(png);
		const id = await createInspection(db, { header: { ...header, team }, template: defaultTemplate, createdBy: actor.userId });
		await drain(db, actor);

		const client = ctx.newClient(actor);
		const refusal = {
			refused: true as const,
			inspectionId: id,
			role: 'member:2' as const,
			signerName: 'Phạm Thị Dung',
			signerPosition: '',
			refusalReason: 'Không đồng ý',
			signedAt: new Date().toISOString()
		};
		const answer = await ctx.push(client, [
			client.mutation('signInspection', drawn(id, 'member:1', 'Phạm Thị Dung')), // someone else's place
			client.mutation('signInspection', drawn(id, 'member:0', 'Nguyễn Văn An')), // the leader signs as 'inspector'
			client.mutation('signInspection', drawn(id, 'member:3', 'Trần Văn Lạ')), // no such member
			client.mutation('signInspection', refusal),
			client.mutation('signInspection', drawn(id, 'member:2', 'Phạm Thị Dung'))
		]);
		expect(answer.results.map((r) => [r.status, r.code, r.field])).toEqual([
			['rejected', 'not_a_team_member', 'args.role'],
			['rejected', 'not_a_team_member', 'args.role'],
			['rejected', 'not_a_team_member', 'args.role'],
			['rejected', 'invalid', 'args.refused'],
			['applied', undefined, undefined]
		]);
		const stored = await ctx.db.selectFrom('signatures').select('role').where('inspection_id', '=', id).execute();
		expect(stored.map((s) => s.role)).toEqual(['member:2']);
		db.close();
	});

	it('after the team changes, a removed member’s signature is no part of the record and does not block submitting', async () => {
		const actor = ctx.newInspector();
		const db = device();
		await ctx.upload(png);
		const id = await signedByAll(db, actor);
		await drain(db, actor);

		// The member leaves the team: the thư ký moves to index 1, the old 'member:2' names nobody,
		// and the old 'member:1' names someone else. The team is signed content: everyone signs again.
		await updateInspectionHeader(db, id, { team: [team[0]!, team[2]!] });
		await expect(submitInspection(db, id, defaultTemplate)).rejects.toMatchObject({ refusal: { code: 'signatures_void' } });
		await signBoth(db, id, defaultTemplate, 'sign', bytes);
		// The stale member signatures (given for the earlier content) do not block the submission.
		await submitInspection(db, id, defaultTemplate);
		await drain(db, actor);
		const row = await ctx.db.selectFrom('inspections').select('status').where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe('submitted');
		expect(await serverFingerprint(ctx.db, id)).toBe(await deviceFingerprint(db, id));
		db.close();
	});
});
