/**
 * Record verification on real SQLite and PostgreSQL: the fingerprint the server computes from its
 * database equals the one the device prints from its own copy of the same record (the device's
 * mutations pushed through the real sync code), and the public /verify page confirms a genuine
 * fingerprint while an altered one, an unknown id and a draft all get the same "no match".
 */
import 'fake-indexeddb/auto';
import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { recordFingerprint, type RecordContent } from '$lib/domain/record-fingerprint';
import { AppDb } from '$lib/local/app-db';
import { addOfficer, answerItem, createInspection, signInspection, submitInspection } from '$lib/local/inspection-actions';
import { loadInspectionBundle } from '$lib/local/inspection-queries';
import { pullChanges as devicePull, syncOnce } from '$lib/local/sync/sync-engine';
import type { SyncTransport } from '$lib/local/sync/transport';
import { header, markRestNotApplicable } from '$lib/local/test-fixtures';
import { defaultTemplate } from '$lib/templates';
import { serverFingerprint } from '$lib/server/records';
import { pullChanges, type Actor } from '$lib/server/sync';
import { load } from '../../src/routes/verify/[id]/+page.server';
import { pngImage } from './support/factories';
import { useServerDatabase, useSyncContext, type SyncTestContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

/** The device's transport, calling the server functions directly (JSON round trip as on the wire). */
function serverTransport(ctx: SyncTestContext, actor: Actor): SyncTransport {
	// As parsed JSON (untyped), the way the real transport hands responses to the engine.
	const wire = (value: unknown) => JSON.parse(JSON.stringify(value));
	return {
		push: async (clientId, mutations) => wire(await ctx.push({ clientId, actor } as never, mutations)),
		pull: async (clientId, cursor) => wire(await pullChanges(ctx.db, actor, { cursor, clientId })),
		hasBlob: async (sha) => (await ctx.blobs.stat(sha)) !== null,
		putBlob: async (sha, bytes) => {
			const r = await ctx.blobs.put(sha, new Blob([bytes]).stream());
			if (!r.ok) throw new Error(r.message);
		}
	};
}

async function syncAll(db: AppDb, transport: SyncTransport) {
	for (let round = 0; round < 10; round++) {
		await syncOnce(db, transport);
		if ((await db.outbox.count()) === 0) return;
	}
	throw new Error(`outbox did not drain: ${JSON.stringify(await db.outbox.toArray())}`);
}

/** What the record page fingerprints: the device's bundle with its findings as printed. */
async function deviceFingerprint(db: AppDb, id: string): Promise<string> {
	const b = await loadInspectionBundle(db, id);
	if (!b) throw new Error('no such inspection on the device');
	const content: RecordContent = {
		inspection: b.inspection,
		officers: b.officers,
		answers: b.answers,
		signatures: b.signatures,
		findings: b.findings
	};
	return recordFingerprint(content);
}

/** One character of the fingerprint changed, as a forger or a typo would. */
const altered = (fp: string) => (fp[0] === 'A' ? 'B' : 'A') + fp.slice(1);

describe.each(testDatabases)('record verification on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });
	let n = 0;
	const device = () => new AppDb(`record-verification-${kind.name}-${++n}-${Date.now()}`);

	/** An inspector's device records a whole inspection offline: officers, answers, signatures, findings. */
	async function inspectOffline(
		db: AppDb,
		actor: Actor,
		options: { submit: boolean; inspectionType?: 'dinh_ky' | 'chuyen_de'; placed?: boolean }
	) {
		const fix = (lat: number) => ({ lat, lng: 105.8542, accuracyM: 14, capturedAt: new Date().toISOString() });
		const placed = options.placed ? { position: fix(21.0285) } : {};
		const id = await createInspection(db, {
			header: { ...header, ...(options.inspectionType ? { inspectionType: options.inspectionType } : {}), ...placed },
			template: defaultTemplate,
			createdBy: actor.userId
		});
		const dung = await addOfficer(db, id, { name: 'Phạm Văn Dũng', position: 'Công chức', desk: 'Tư pháp' });
		const em = await addOfficer(db, id, { name: 'Hoàng Thị Em', position: '', desk: '' });
		await answerItem(db, {
			inspectionId: id,
			itemId: 'A3',
			officerId: '',
			value: { kind: 'pass', result: 'fail' },
			note: 'Bảng niêm yết cũ'
		});
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', value: { kind: 'count', numerator: 7, denominator: 10 } });
		await answerItem(db, { inspectionId: id, itemId: 'C6', officerId: dung, value: { kind: 'pass', result: 'pass' } });
		await answerItem(db, { inspectionId: id, itemId: 'C6', officerId: em, value: { kind: 'pass', result: 'fail' } });
		await markRestNotApplicable(db, id, defaultTemplate);
		const png = pngImage(700);
		await signInspection(
			db,
			defaultTemplate,
			{
				refused: false,
				inspectionId: id,
				role: 'inspector',
				signerName: 'Nguyễn Văn An',
				signerPosition: 'Phó Giám đốc',
				sha256: png.sha256,
				mime: 'image/png',
				size: png.bytes.byteLength,
				signedAt: new Date().toISOString(),
				...(options.placed ? { position: fix(21.0286) } : {})
			},
			png.bytes.buffer
		);
		await signInspection(db, defaultTemplate, {
			refused: true,
			inspectionId: id,
			role: 'unit_rep',
			signerName: 'Trần Thị Bình',
			signerPosition: '',
			refusalReason: 'Chưa thống nhất mục A2',
			witnessName: 'Lê Văn Chứng',
			signedAt: new Date().toISOString(),
			...(options.placed ? { position: { unavailable: 'denied' as const } } : {})
		});
		if (options.submit) {
			await submitInspection(db, id, defaultTemplate);
			expect(await db.findings.where('inspectionId').equals(id).count()).toBeGreaterThan(0);
		}
		return id;
	}

	const verify = async (id: string, fp: string | null) => {
		const url = new URL(`http://localhost/verify/${id}`);
		if (fp !== null) url.searchParams.set('fp', fp);
		const headers: Record<string, string> = {};
		const data = (await load({ params: { id }, url, setHeaders: (h: Record<string, string>) => Object.assign(headers, h) } as never)) as {
			verified: boolean;
			fingerprint: string;
		};
		return { data, headers };
	};

	it("the server's fingerprint of a synced record equals the one the device prints, and a second device's", async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await inspectOffline(a, actor, { submit: true });
		const printed = await deviceFingerprint(a, id);
		expect(await serverFingerprint(ctx.db, id)).toBeNull();

		await syncAll(a, serverTransport(ctx, actor));
		expect(await serverFingerprint(ctx.db, id)).toBe(printed);
		// The device's copy after the server's answers came back (createdBy rewritten, etc.).
		expect(await deviceFingerprint(a, id)).toBe(printed);

		const b = device();
		await devicePull(b, serverTransport(ctx, actor));
		expect(await deviceFingerprint(b, id)).toBe(printed);
		a.close();
		b.close();
	});

	it('a record whose signatures carry positions fingerprints alike on device, server and a second device', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await inspectOffline(a, actor, { submit: true, placed: true });
		const printed = await deviceFingerprint(a, id);
		await syncAll(a, serverTransport(ctx, actor));
		expect(await serverFingerprint(ctx.db, id)).toBe(printed);
		const b = device();
		await devicePull(b, serverTransport(ctx, actor));
		expect(await deviceFingerprint(b, id)).toBe(printed);
		const stored = await ctx.db
			.selectFrom('signatures')
			.select(['role', 'position'])
			.where('inspection_id', '=', id)
			.orderBy('role')
			.execute();
		expect(stored.map((s) => JSON.parse(s.position!))).toEqual([expect.objectContaining({ lat: 21.0286 }), { unavailable: 'denied' }]);
		a.close();
		b.close();
	});

	it('a record stating its inspection type keeps it on the server, and both sides fingerprint it alike', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await inspectOffline(a, actor, { submit: true, inspectionType: 'chuyen_de' });
		const plain = await inspectOffline(a, actor, { submit: true });
		await syncAll(a, serverTransport(ctx, actor));
		const printed = await deviceFingerprint(a, id);
		expect(await serverFingerprint(ctx.db, id)).toBe(printed);
		const row = await ctx.db.selectFrom('inspections').select('data').where('id', '=', id).executeTakeFirstOrThrow();
		expect((JSON.parse(row.data) as { inspectionType?: string }).inspectionType).toBe('chuyen_de');
		// A record that states no type keeps no type: it prints "đột xuất" and its fingerprint as before.
		const plainRow = await ctx.db.selectFrom('inspections').select('data').where('id', '=', plain).executeTakeFirstOrThrow();
		expect(JSON.parse(plainRow.data)).not.toHaveProperty('inspectionType');
		expect(await serverFingerprint(ctx.db, plain)).toBe(await deviceFingerprint(a, plain));
		a.close();
	});

	it('the verification page confirms a genuine fingerprint and refuses an altered one, an unknown id and a draft alike', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await inspectOffline(a, actor, { submit: true });
		const draftId = await inspectOffline(a, actor, { submit: false });
		await syncAll(a, serverTransport(ctx, actor));
		const printed = await deviceFingerprint(a, id);
		const draftPrint = await deviceFingerprint(a, draftId);

		const genuine = await verify(id, printed.toLowerCase());
		expect(genuine.data).toEqual({ verified: true, signaturesCoverContent: true, selfInspection: false, fingerprint: printed });
		expect(genuine.headers['Cache-Control']).toBe('no-store');

		const forged = await verify(id, altered(printed));
		const unknown = await verify(uuidv7(), altered(printed));
		const draft = await verify(draftId, draftPrint);
		// The same answer, word for word: the page cannot tell which records exist.
		expect(forged.data).toEqual({ verified: false, signaturesCoverContent: null, fingerprint: altered(printed) });
		expect(unknown.data).toEqual(forged.data);
		expect(draft.data).toEqual({ verified: false, signaturesCoverContent: null, fingerprint: draftPrint });
		a.close();
	});

	it('a malformed id or fingerprint is a 400 with a code saying which (the error page words it)', async () => {
		const expect400 = async (id: string, fp: string | null, code: string) => {
			const err: unknown = await verify(id, fp).then(
				() => null,
				(e: unknown) => e
			);
			expect(isHttpError(err) && err.status).toBe(400);
			expect(isHttpError(err) && err.body.message).toBe(code);
		};
		await expect400('not-a-record', 'ABCD-0123-4567-89EF', 'invalid_record_id');
		await expect400(uuidv7(), 'ABCD-0123-4567', 'invalid_fingerprint');
		await expect400(uuidv7(), null, 'invalid_fingerprint');
		await expect400(uuidv7(), 'ABCD-0123-4567-89EG', 'invalid_fingerprint');
	});

	it('a supervisor adjusting a finding changes the fingerprint; approval keeps it', async () => {
		const actor = ctx.newInspector();
		const a = device();
		const id = await inspectOffline(a, actor, { submit: true });
		await syncAll(a, serverTransport(ctx, actor));
		const printed = await deviceFingerprint(a, id);
		const supervisor = ctx.newClient(ctx.newActor('supervisor'));

		const finding = (await a.findings.where('inspectionId').equals(id).first())!;
		const adjusted = await ctx.push(supervisor, [
			supervisor.mutation('adjustFinding', { findingId: finding.id, deadline: '2027-03-31', comment: 'Gia hạn' })
		]);
		expect(adjusted.results.map((r) => r.status)).toEqual(['applied']);
		const changed = await serverFingerprint(ctx.db, id);
		expect(changed).not.toBeNull();
		expect(changed).not.toBe(printed);
		expect((await verify(id, printed)).data.verified).toBe(false);

		// The device learns of the change on its next pull and then prints the new fingerprint.
		await syncAll(a, serverTransport(ctx, actor));
		expect(await deviceFingerprint(a, id)).toBe(changed);

		const approved = await ctx.push(supervisor, [supervisor.mutation('approveInspection', { inspectionId: id, comment: 'Đồng ý' })]);
		expect(approved.results.map((r) => r.status)).toEqual(['applied']);
		expect(await serverFingerprint(ctx.db, id)).toBe(changed);
		// It matches the record the server holds, whose signatures were given for the deadline before.
		expect((await verify(id, changed)).data).toMatchObject({ verified: true, signaturesCoverContent: false });
		await syncAll(a, serverTransport(ctx, actor));
		expect((await a.inspections.get(id))?.status).toBe('approved');
		expect(await deviceFingerprint(a, id)).toBe(changed);
		a.close();
	});
});
