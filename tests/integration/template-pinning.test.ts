/**
 * An inspection pins the template version it started with (issue 15, Must-show 2), on SQLite and
 * PostgreSQL: a device that fetched version 1 starts a record offline while the administrators
 * publish a version 2 that drops an item the record answered and rewords another. The record
 * syncs (the server checks it against version 1 from its database, not against the newest),
 * prints from version 1 on the device, and its fingerprint verifies; only new records take
 * version 2. A draft can never be pinned; a retired version still is.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import { recordFingerprint } from '$lib/domain/record-fingerprint';
import { recordState } from '$lib/domain/record-state';
import type { Template } from '$lib/domain/template';
import { AppDb } from '$lib/local/app-db';
import { addOfficer, answerItem, createInspection, submitInspection } from '$lib/local/inspection-actions';
import { loadInspectionBundle } from '$lib/local/inspection-queries';
import { syncOnce } from '$lib/local/sync/sync-engine';
import type { SyncTransport } from '$lib/local/sync/transport';
import { localTemplate, templateForNewInspection } from '$lib/local/template-cache';
import { header, markRestNotApplicable, signBoth } from '$lib/local/test-fixtures';
import type { AdminActor } from '$lib/server/admin';
import { serverFingerprint } from '$lib/server/records';
import type { Actor } from '$lib/server/sync';
import { createDraft, forgetCachedTemplates, listForDevice, publish, retire, updateDraft } from '$lib/server/templates';
import { inspectionArgs, pngImage } from './support/factories';
import { serverTransport } from './support/server-transport';
import { useSyncContext, type SyncTestContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const V1 = { templateId: 'mac-dinh', version: '2025.1' };
const V2_A1 = 'Niêm yết công khai đầy đủ thủ tục hành chính (Nghị định 118/2025/NĐ-CP)';

/** The device's transport with GET /api/templates answered by the server's store, through JSON. */
function deviceTransport(ctx: SyncTestContext, actor: Actor): SyncTransport {
	return {
		...serverTransport(ctx, actor),
		templates: async () => ({ versions: JSON.parse(JSON.stringify(await listForDevice(ctx.db, actor))) as unknown[], tag: null })
	};
}

async function syncAll(db: AppDb, transport: SyncTransport) {
	for (let round = 0; round < 10; round++) {
		await syncOnce(db, transport);
		if ((await db.outbox.count()) === 0) return;
	}
	throw new Error(`outbox did not drain: ${JSON.stringify(await db.outbox.toArray())}`);
}

describe.each(testDatabases)('a record keeps its template version on $name', (kind) => {
	const ctx = useSyncContext(kind);
	let n = 0;
	const device = () => new AppDb(`template-pinning-${kind.name}-${++n}-${Date.now()}`);
	const admin: AdminActor = { userId: `admin-${Date.now()}`, role: 'admin', provinceCode: null, unitCode: null };
	const today = vietnamDate();

	beforeAll(async () => {
		forgetCachedTemplates();
		// The story starts while 2025.1 is the version in effect: migration 012's 2027.1 (in effect
		// from the upgrade) is retired here, so "version 2" is the one this test publishes below.
		await retire(ctx.db, admin, 'mac-dinh', '2027.1');
		forgetCachedTemplates();
	});

	/** Version 2: A3 dropped, A1 reworded; published today. */
	async function publishVersion2(label: string) {
		const draft = await createDraft(ctx.db, admin, { from: V1, version: label });
		const next = structuredClone(draft.template) as Template;
		const posting = next.sections.find((s) => s.id === 'A')!;
		posting.items = posting.items.filter((i) => i.id !== 'A3');
		posting.items.find((i) => i.id === 'A1')!.text = V2_A1;
		await updateDraft(ctx.db, admin, 'mac-dinh', label, next);
		await publish(ctx.db, admin, 'mac-dinh', label, today);
	}

	it('a record started offline on version 1 while version 2 is published syncs, prints and verifies as version 1', async () => {
		const actor = ctx.newActor('inspector');
		const a = device();
		const transport = deviceTransport(ctx, actor);
		await syncAll(a, transport); // signed in: the device fetched what is published (version 1)

		// Offline from here: the device only knows version 1.
		const template = await templateForNewInspection(a, header.unit.provinceCode, today);
		expect({ templateId: template.id, version: template.version }).toEqual(V1);
		const id = await createInspection(a, { header, template, createdBy: actor.userId });
		const officer = await addOfficer(a, id, { name: 'Phạm Văn Dũng', position: 'Công chức', desk: 'Tư pháp' });
		await answerItem(a, { inspectionId: id, itemId: 'A3', officerId: '', value: { kind: 'pass', result: 'fail' }, note: 'Bảng cũ' });
		await answerItem(a, { inspectionId: id, itemId: 'C6', officerId: officer, value: { kind: 'pass', result: 'pass' } });
		await markRestNotApplicable(a, id, template);
		const png = pngImage(640);
		await signBoth(a, id, template, 'refuse', { bytes: png.bytes.buffer, sha256: png.sha256 });
		await submitInspection(a, id, template);

		// Meanwhile the administrators publish version 2, in effect today.
		await publishVersion2('2026.1');

		// Back online: every change applies, checked against version 1 (version 2 has no A3).
		await syncAll(a, transport);
		expect(await a.outbox.count()).toBe(0);
		const row = await ctx.db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect({ status: row.status, templateId: row.template_id, version: row.template_version }).toEqual({
			status: 'submitted',
			templateId: V1.templateId,
			version: V1.version
		});
		const serverFindings = await ctx.db.selectFrom('findings').select('item_id').where('inspection_id', '=', id).execute();
		expect(serverFindings.map((f) => f.item_id)).toContain('A3');

		// The device now holds both versions; the record still reads (prints) as version 1.
		expect((await localTemplate(a, 'mac-dinh', '2026.1'))?.sections[0]!.items.map((i) => i.id)).not.toContain('A3');
		const bundle = (await loadInspectionBundle(a, id))!;
		const pinned = (await localTemplate(a, bundle.inspection.templateId, bundle.inspection.templateVersion))!;
		expect(bundle.hasTemplate).toBe(true);
		expect(pinned.version).toBe(V1.version);
		expect(pinned.sections[0]!.items.find((i) => i.id === 'A1')!.text).not.toBe(V2_A1);
		const printed = recordState({ ...bundle, template: pinned, earlier: { findings: bundle.findings, adjustments: [] } });
		expect(printed.findings.map((f) => f.itemId)).toContain('A3');
		expect(printed.score.sections[0]!.items.map((i) => i.itemId)).toContain('A3');

		// It verifies: the fingerprint the device prints is the one the server computes.
		const fingerprint = await recordFingerprint({
			inspection: bundle.inspection,
			officers: bundle.officers,
			answers: bundle.answers,
			signatures: bundle.signatures,
			findings: bundle.findings
		});
		expect(await serverFingerprint(ctx.db, id)).toBe(fingerprint);

		// A record started now takes version 2.
		const next = await templateForNewInspection(a, header.unit.provinceCode, today);
		expect(next.version).toBe('2026.1');
		a.close();
	});

	it('the server refuses a record pinned to a draft or an unknown version, and accepts one pinned to a retired version', async () => {
		await createDraft(ctx.db, admin, { from: V1, version: 'nhap-1' });
		const client = ctx.newClient(ctx.newActor('inspector'));
		const pinned = (templateVersion: string) =>
			client.mutation('createInspection', { ...inspectionArgs({ id: uuidv7() }), templateId: 'mac-dinh', templateVersion });

		const refused = await ctx.push(client, [pinned('nhap-1'), pinned('1999.9')]);
		expect(refused.results.map((r) => [r.status, r.code, r.field])).toEqual([
			['rejected', 'unknown_template', 'args.templateVersion'],
			['rejected', 'unknown_template', 'args.templateVersion']
		]);

		// Version 1 retired (a device offline may have started on it before it learnt so): still accepted.
		await retire(ctx.db, admin, V1.templateId, V1.version);
		const accepted = await ctx.push(client, [pinned(V1.version)]);
		expect(accepted.results.map((r) => r.status)).toEqual(['applied']);
	});
});
