/**
 * The server decides what a record may say (issue 13): every mutation is checked against the
 * template version the record pinned and the official list of units, findings must be the
 * record's failed items, deadlines must fit the visit. Each refusal is `rejected` with its code
 * and the field at fault, and never blocks the mutations queued after it.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '$lib/domain/dates';
import type { AnswerValue } from '$lib/domain/inspection';
import type { MutationArgs } from '$lib/domain/protocol';
import { MAX_DEADLINE_DAYS } from '$lib/domain/record-rules';
import type { Actor } from '$lib/server/sync';
import {
	answerArgs,
	failedAnswerArgs,
	findingArgs,
	inspectionArgs,
	jpegImage,
	officerArgs,
	photoArgs,
	submitArgs
} from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const hoanKiem = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const baDinh = { code: 4, name: 'Phường Ba Đình', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const thuDauMot = { code: 25747, name: 'Phường Thủ Dầu Một', provinceCode: 79, provinceName: 'Thành phố Hồ Chí Minh' };

/** The visit every record here starts with, and its date in Vietnam. */
const startedAt = '2026-11-25T08:30:00.000+07:00';
const visitDate = '2026-11-25';

describe.each(testDatabases)('record content on $name', (kind) => {
	const ctx = useSyncContext(kind);

	const inspectorOf1 = () => ctx.newClient(ctx.newActor('inspector', { provinceCode: 1 }));

	async function pushOne(client: TestClient, mutation: ReturnType<TestClient['mutation']>) {
		const response = await ctx.push(client, [mutation]);
		return response.results[0]!;
	}

	/** A draft in Hoàn Kiếm made by `client`, applied. */
	async function draft(client: TestClient = inspectorOf1()) {
		const inspection = inspectionArgs({ unit: hoanKiem, startedAt });
		expect(await pushOne(client, client.mutation('createInspection', inspection))).toMatchObject({ status: 'applied' });
		return { client, inspection, id: inspection.id };
	}

	const storedDocument = async (id: string) => {
		const row = await ctx.db
			.selectFrom('inspections')
			.select(['data', 'unit_code', 'province_code'])
			.where('id', '=', id)
			.executeTakeFirst();
		return row && { ...row, doc: JSON.parse(row.data) as { unit: typeof hoanKiem } };
	};

	describe('createInspection', () => {
		it.each([
			['an unknown template', { templateId: 'khong-co' }, 'unknown_template', 'args.templateId'],
			['an unknown version of a known template', { templateVersion: '1999.1' }, 'unknown_template', 'args.templateVersion'],
			['a section the template does not have', { sectionIds: ['A', 'Z'] }, 'unknown_section', 'args.sectionIds.1'],
			['commune code 999999', { unit: { ...hoanKiem, code: 999999 } }, 'unknown_unit', 'args.unit.code'],
			['a real commune under another province', { unit: { ...hoanKiem, provinceCode: 79 } }, 'unknown_unit', 'args.unit.provinceCode'],
			['a commune of another province than the inspector’s', { unit: thuDauMot }, 'forbidden', 'args.unit.provinceCode']
		] as const)('refuses %s', async (_label, overrides, code, field) => {
			const client = inspectorOf1();
			const inspection = inspectionArgs({ startedAt, ...(overrides as Partial<MutationArgs<'createInspection'>>) });
			expect(await pushOne(client, client.mutation('createInspection', inspection))).toMatchObject({
				status: 'rejected',
				code,
				field,
				message: expect.stringMatching(/\S{3,}/)
			});
			expect(await storedDocument(inspection.id)).toBeUndefined();
		});

		it('stores the official name of the unit, whatever the device spelled', async () => {
			const client = inspectorOf1();
			const inspection = inspectionArgs({ unit: { ...hoanKiem, name: 'phuong hoan kiem (tu go)', provinceName: 'HN' }, startedAt });
			expect(await pushOne(client, client.mutation('createInspection', inspection))).toMatchObject({ status: 'applied' });
			expect((await storedDocument(inspection.id))?.doc.unit).toEqual(hoanKiem);
			const { changes } = await ctx.pullAll(client.actor);
			expect(changes.find((c) => c.entity === 'inspection' && c.entityId === inspection.id)?.data).toMatchObject({ unit: hoanKiem });
		});
	});

	describe('updateInspectionHeader', () => {
		it('refuses an unknown unit or section and names a moved unit officially', async () => {
			const { client, id } = await draft();
			const patch = (p: object) => client.mutation('updateInspectionHeader', { inspectionId: id, patch: p });
			expect(await pushOne(client, patch({ unit: { ...baDinh, code: 999999 } }))).toMatchObject({
				status: 'rejected',
				code: 'unknown_unit',
				field: 'args.patch.unit.code'
			});
			expect(await pushOne(client, patch({ sectionIds: ['Q'] }))).toMatchObject({
				status: 'rejected',
				code: 'unknown_section',
				field: 'args.patch.sectionIds.0'
			});
			expect(await pushOne(client, patch({ unit: thuDauMot }))).toMatchObject({ status: 'rejected', code: 'forbidden' });
			expect(await pushOne(client, patch({ unit: { ...baDinh, name: 'Ba Dinh' } }))).toMatchObject({ status: 'applied' });
			expect((await storedDocument(id))?.doc.unit).toEqual(baDinh);
		});
	});

	describe('answerItem', () => {
		it.each([
			['an item the template does not have', 'Z99', { kind: 'pass', result: 'fail' }, 'unknown_item', 'args.itemId'],
			['a count for a pass/fail item', 'A3', { kind: 'count', numerator: 1, denominator: 2 }, 'wrong_value_kind', 'args.value.kind'],
			[
				'7 officers present of 5 on the roster',
				'C1',
				{ kind: 'count', numerator: 7, denominator: 5 },
				'impossible_count',
				'args.value.numerator'
			],
			['a sample of 5 with 7 passed', 'A2', { kind: 'sample', size: 5, passed: 7 }, 'impossible_count', 'args.value.passed'],
			['a negative count', 'A1', { kind: 'count', numerator: -1, denominator: 5 }, 'impossible_count', 'args.value.numerator']
		] as const)('refuses %s', async (_label, itemId, value, code, field) => {
			const { client, id } = await draft();
			expect(await pushOne(client, client.mutation('answerItem', answerArgs(id, itemId, value as AnswerValue)))).toMatchObject({
				status: 'rejected',
				code,
				field,
				message: expect.stringMatching(/\S{3,}/)
			});
			const stored = await ctx.db.selectFrom('answers').select('item_id').where('inspection_id', '=', id).execute();
			expect(stored).toEqual([]);
		});

		it('accepts more waiting seats than people waiting, and "not applicable" for any item', async () => {
			const { client, id } = await draft();
			const response = await ctx.push(client, [
				client.mutation('answerItem', answerArgs(id, 'B4', { kind: 'count', numerator: 12, denominator: 5 })),
				client.mutation('answerItem', answerArgs(id, 'C1', { kind: 'na', reason: 'not_observed' }))
			]);
			expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		});
	});

	it('attachPhoto refuses a photo of an item the template does not have', async () => {
		const { client, id } = await draft();
		const image = jpegImage();
		await ctx.upload(image);
		expect(await pushOne(client, client.mutation('attachPhoto', photoArgs(id, image, { itemId: 'Z99' })))).toMatchObject({
			status: 'rejected',
			code: 'unknown_item',
			field: 'args.itemId'
		});
	});

	describe('setFindingDraft', () => {
		const draftOf = (id: string, itemId: string, deadline: string) => ({
			inspectionId: id,
			itemId,
			recommendation: 'Khắc phục ngay',
			deadline
		});

		it.each([
			['an item answered "pass"', 'A4', addDays(visitDate, 7), 'item_not_failed', 'args.itemId'],
			['an item the template does not have', 'Z99', addDays(visitDate, 7), 'unknown_item', 'args.itemId'],
			['a deadline before the visit', 'A3', addDays(visitDate, -1), 'deadline_before_visit', 'args.deadline'],
			['a deadline more than a year after the visit', 'A3', addDays(visitDate, MAX_DEADLINE_DAYS + 1), 'deadline_too_far', 'args.deadline']
		] as const)('refuses %s', async (_label, itemId, deadline, code, field) => {
			const { client, id } = await draft();
			await ctx.push(client, [
				client.mutation('answerItem', failedAnswerArgs(id, 'A3')),
				client.mutation('answerItem', answerArgs(id, 'A4'))
			]);
			expect(await pushOne(client, client.mutation('setFindingDraft', draftOf(id, itemId, deadline)))).toMatchObject({
				status: 'rejected',
				code,
				field
			});
		});

		it('accepts a deadline from the visit day to 366 days after it', async () => {
			const { client, id } = await draft();
			const response = await ctx.push(client, [
				client.mutation('answerItem', failedAnswerArgs(id, 'A3')),
				client.mutation('setFindingDraft', draftOf(id, 'A3', visitDate)),
				client.mutation('setFindingDraft', draftOf(id, 'A3', addDays(visitDate, MAX_DEADLINE_DAYS)))
			]);
			expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		});
	});

	describe('submitInspection', () => {
		/** A draft whose A3 failed and A4 passed, with one officer. */
		async function answered() {
			const record = await draft();
			const officer = officerArgs(record.id);
			const response = await ctx.push(record.client, [
				record.client.mutation('addOfficer', officer),
				record.client.mutation('answerItem', failedAnswerArgs(record.id, 'A3')),
				record.client.mutation('answerItem', answerArgs(record.id, 'A4'))
			]);
			expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
			return { ...record, officer };
		}

		it.each([
			[
				'a finding for an item answered "pass"',
				(id: string) => [findingArgs(id, 'A3'), findingArgs(id, 'A4')],
				'item_not_failed',
				'args.findings.1.itemId'
			],
			[
				'a finding for item Z99',
				(id: string) => [findingArgs(id, 'A3'), { ...findingArgs(id, 'A3'), itemId: 'Z99' }],
				'unknown_item',
				'args.findings.1.itemId'
			],
			[
				'a finding under another section',
				(id: string) => [{ ...findingArgs(id, 'A3'), sectionId: 'B' }],
				'unknown_section',
				'args.findings.0.sectionId'
			],
			[
				'a deadline before the visit',
				(id: string) => [{ ...findingArgs(id, 'A3'), deadline: '2026-11-20' }],
				'deadline_before_visit',
				'args.findings.0.deadline'
			],
			[
				'a deadline two years on',
				(id: string) => [{ ...findingArgs(id, 'A3'), deadline: '2028-11-25' }],
				'deadline_too_far',
				'args.findings.0.deadline'
			],
			['no finding for a failed item', () => [], 'missing_finding', 'args.findings'],
			[
				'an officer who is not on the record',
				(id: string) => [{ ...findingArgs(id, 'A3'), officerIds: ['0199a1b2-0000-7000-8000-00000000dead'] }],
				'not_found',
				'args.findings.0.officerIds.0'
			]
		] as const)('refuses %s', async (_label, findings, code, field) => {
			const { client, id } = await answered();
			expect(await pushOne(client, client.mutation('submitInspection', submitArgs(id, findings(id))))).toMatchObject({
				status: 'rejected',
				code,
				field,
				message: expect.stringMatching(/\S{3,}/)
			});
			const row = await ctx.db.selectFrom('inspections').select('status').where('id', '=', id).executeTakeFirstOrThrow();
			expect(row.status).toBe('draft');
		});

		it('accepts the failed items, a per-officer one with its officer, and writes each finding with its status', async () => {
			const { client, id, officer } = await answered();
			expect(await pushOne(client, client.mutation('answerItem', failedAnswerArgs(id, 'C6', { officerId: officer.id })))).toMatchObject({
				status: 'applied'
			});
			const { cursor } = await ctx.pullAll(client.actor);
			const findings = [findingArgs(id, 'A3'), { ...findingArgs(id, 'C6'), officerIds: [officer.id] }];
			expect(await pushOne(client, client.mutation('submitInspection', submitArgs(id, findings)))).toMatchObject({ status: 'applied' });
			const { changes } = await ctx.pullAll(client.actor, { cursor });
			const upserts = changes.filter((c) => c.entity === 'finding' && c.op === 'upsert');
			expect(upserts.map((c) => c.data)).toEqual(findings.map((f) => ({ ...f, status: 'open' })));
		});
	});

	it('adjustFinding refuses a deadline before the visit', async () => {
		const { client, id } = await draft();
		const finding = findingArgs(id, 'A3');
		await ctx.push(client, [
			client.mutation('answerItem', failedAnswerArgs(id)),
			client.mutation('submitInspection', submitArgs(id, [finding]))
		]);
		const supervisor = ctx.newClient(ctx.newActor('supervisor', { provinceCode: 1 }));
		const adjust = (deadline: string) => supervisor.mutation('adjustFinding', { findingId: finding.id, deadline, comment: '' });
		expect(await pushOne(supervisor, adjust('2026-11-01'))).toMatchObject({
			status: 'rejected',
			code: 'deadline_before_visit',
			field: 'args.deadline'
		});
		expect(await pushOne(supervisor, adjust(addDays(visitDate, 400)))).toMatchObject({ status: 'rejected', code: 'deadline_too_far' });
		expect(await pushOne(supervisor, adjust(addDays(visitDate, 60)))).toMatchObject({ status: 'applied' });
	});

	it('a rejected mutation does not block the ones after it', async () => {
		const client = inspectorOf1();
		const inspection = inspectionArgs({ unit: hoanKiem, startedAt });
		const id = inspection.id;
		const queue = [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(id, 'Z99', { kind: 'pass', result: 'fail' })),
			client.mutation('answerItem', failedAnswerArgs(id, 'A3')),
			client.mutation('answerItem', answerArgs(id, 'A4', { kind: 'count', numerator: 1, denominator: 1 })),
			client.mutation('setFindingDraft', { inspectionId: id, itemId: 'A3', recommendation: 'Gỡ bỏ TTHC cũ', deadline: '2026-01-01' }),
			client.mutation('submitInspection', submitArgs(id, [findingArgs(id, 'A3')]))
		];
		const response = await ctx.push(client, queue);
		expect(response.results.map((r) => [r.status, r.code])).toEqual([
			['applied', undefined],
			['rejected', 'unknown_item'],
			['applied', undefined],
			['rejected', 'wrong_value_kind'],
			['rejected', 'deadline_before_visit'],
			['applied', undefined]
		]);
		expect(response.lastAppliedSeq).toBe(queue.length);
		const row = await ctx.db.selectFrom('inspections').select('status').where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe('submitted');
	});

	it('publishes a record only to the ward of its exact unit', async () => {
		const { client, id } = await draft();
		await ctx.push(client, [
			client.mutation('answerItem', failedAnswerArgs(id)),
			client.mutation('submitInspection', submitArgs(id, [findingArgs(id)]))
		]);
		const supervisor = ctx.newClient(ctx.newActor('supervisor', { provinceCode: 1 }));
		expect(await pushOne(supervisor, supervisor.mutation('approveInspection', { inspectionId: id, comment: '' }))).toMatchObject({
			status: 'applied'
		});
		const receives = async (ward: Actor) =>
			(await ctx.pullAll(ward)).changes.some((c) => (c.data as { inspectionId?: string; id?: string }).id === id);
		expect(await receives(ctx.newActor('ward', { provinceCode: 1, unitCode: 70 }))).toBe(true);
		expect(await receives(ctx.newActor('ward', { provinceCode: 1, unitCode: 4 }))).toBe(false);
		expect(await receives(ctx.newActor('ward', { provinceCode: 79, unitCode: thuDauMot.code }))).toBe(false);
		// An account mis-filed under another province with the same code still receives nothing.
		expect(await receives(ctx.newActor('ward', { provinceCode: 79, unitCode: 70 }))).toBe(false);
	});
});
