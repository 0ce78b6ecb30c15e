/**
 * Signatures bind content, on real SQLite and PostgreSQL: the server refuses a submission whose
 * findings are not the content the parties signed (`rejected / signatures_void`), accepts the
 * genuine one, and across return → correction → resubmission keeps the visit's end time, the
 * reviewer's deadline and the finding's id (so its review history stays with it).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { recordFindingOf } from '$lib/domain/finalize-findings';
import type { Finding, Inspection } from '$lib/domain/inspection';
import { AppDb } from '$lib/local/app-db';
import { answerItem, createInspection, currentRecord, submitInspection } from '$lib/local/inspection-actions';
import { syncOnce } from '$lib/local/sync/sync-engine';
import type { SyncTransport } from '$lib/local/sync/transport';
import { header, markRestNotApplicable, signBoth } from '$lib/local/test-fixtures';
import { defaultTemplate } from '$lib/templates';
import type { Actor } from '$lib/server/sync';
import { pngImage } from './support/factories';
import { serverTransport } from './support/server-transport';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

async function syncAll(db: AppDb, transport: SyncTransport) {
	for (let round = 0; round < 10; round++) {
		await syncOnce(db, transport);
		if ((await db.outbox.count()) === 0) return;
	}
	throw new Error(`outbox did not drain: ${JSON.stringify(await db.outbox.toArray())}`);
}

describe.each(testDatabases)('signatures bind content on $name', (kind) => {
	const ctx = useSyncContext(kind);
	let n = 0;
	const device = () => new AppDb(`signature-binding-${kind.name}-${++n}-${Date.now()}`);
	const png = pngImage(400);
	const signature = { bytes: png.bytes.buffer, sha256: png.sha256 };

	/** A record answered and signed on the device, synced, not yet submitted. */
	async function signedRecord(db: AppDb, actor: Actor) {
		const id = await createInspection(db, { header, template: defaultTemplate, createdBy: actor.userId });
		await answerItem(db, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'fail' }, note: 'Bảng cũ' });
		await answerItem(db, { inspectionId: id, itemId: 'A4', officerId: '', value: { kind: 'pass', result: 'pass' } });
		await markRestNotApplicable(db, id, defaultTemplate);
		await signBoth(db, id, defaultTemplate, 'refuse', signature);
		await syncAll(db, serverTransport(ctx, actor));
		return id;
	}

	const inspectionRow = async (id: string) => {
		const row = await ctx.db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		return { row, doc: JSON.parse(row.data) as Inspection };
	};

	it('a submission of other findings than the ones signed is rejected signatures_void; the signed ones apply', async () => {
		const actor = ctx.newInspector();
		const db = device();
		const id = await signedRecord(db, actor);
		const stored = await ctx.db.selectFrom('signatures').select(['role', 'content_fingerprint']).where('inspection_id', '=', id).execute();
		expect(stored.map((s) => s.content_fingerprint)).toEqual([expect.stringMatching(/^[0-9A-F-]{19}$/), expect.any(String)]);

		const record = await currentRecord(db, id, defaultTemplate);
		const signed: Finding[] = record.findings.map((f, i) => ({
			...recordFindingOf(f),
			id: `0199a1b2-6a03-7000-a000-00000000000${i}`,
			inspectionId: id
		}));
		expect(signed.length).toBe(1);
		const client = ctx.newClient(actor);
		const args = (findings: Finding[]) => ({ inspectionId: id, endedAt: '2026-11-25T10:40:00.000+07:00', findings });

		const later = await ctx.push(client, [client.mutation('submitInspection', args([{ ...signed[0]!, deadline: '2027-06-30' }]))]);
		expect(later.results[0]).toMatchObject({ status: 'rejected', code: 'signatures_void', field: 'args.findings' });
		expect((await inspectionRow(id)).row.status).toBe('draft');
		expect(await ctx.db.selectFrom('findings').select('id').where('inspection_id', '=', id).execute()).toEqual([]);

		const genuine = await ctx.push(client, [client.mutation('submitInspection', args(signed))]);
		expect(genuine.results[0]?.status).toBe('applied');
		expect((await inspectionRow(id)).row.status).toBe('submitted');
		db.close();
	});

	it("a resubmission keeps the visit's end time, the reviewer's deadline and the finding's id", async () => {
		const actor = ctx.newInspector();
		const db = device();
		const id = await signedRecord(db, actor);
		await submitInspection(db, id, defaultTemplate);
		await syncAll(db, serverTransport(ctx, actor));
		const first = await inspectionRow(id);
		const [finding] = await ctx.db.selectFrom('findings').selectAll().where('inspection_id', '=', id).execute();

		const supervisor = ctx.newClient(ctx.newActor('supervisor'));
		const reviewed = await ctx.push(supervisor, [
			supervisor.mutation('adjustFinding', { findingId: finding!.id, deadline: '2027-02-28', comment: 'Gia hạn theo đề nghị' }),
			supervisor.mutation('returnInspection', { inspectionId: id, comment: 'Ghi rõ số thủ tục thiếu ở mục A3' })
		]);
		expect(reviewed.results.map((r) => r.status)).toEqual(['applied', 'applied']);

		// The inspector pulls the return, corrects, signs again and resubmits.
		await syncAll(db, serverTransport(ctx, actor));
		expect((await db.inspections.get(id))?.status).toBe('returned');
		await answerItem(db, { inspectionId: id, itemId: 'A3', officerId: '', note: 'Thiếu 3 thủ tục hộ tịch' });
		await expect(submitInspection(db, id, defaultTemplate)).rejects.toMatchObject({ refusal: { code: 'signatures_void' } });
		await signBoth(db, id, defaultTemplate, 'refuse', signature);
		await submitInspection(db, id, defaultTemplate);
		await syncAll(db, serverTransport(ctx, actor));

		const second = await inspectionRow(id);
		expect(second.row.status).toBe('submitted');
		expect(second.doc.endedAt).toBe(first.doc.endedAt);
		expect(second.row.ended_at).toBe(first.row.ended_at);
		expect(second.doc.submittedAt).toBeTruthy();
		const findings = await ctx.db.selectFrom('findings').selectAll().where('inspection_id', '=', id).execute();
		expect(findings.map((f) => ({ id: f.id, deadline: f.deadline }))).toEqual([{ id: finding!.id, deadline: '2027-02-28' }]);
		const events = await ctx.db.selectFrom('finding_events').select(['finding_id', 'kind']).where('inspection_id', '=', id).execute();
		expect(events).toEqual([{ finding_id: finding!.id, kind: 'adjusted' }]);
		db.close();
	});
});
