/**
 * Exit interviews during a visit (issue 19, must-show 2) through the real push and pull, on real
 * SQLite and PostgreSQL: the server checks each interview against the questionnaire version it
 * pins, writes it with its feedback item in one transaction, replaces and removes both together,
 * applies each exactly once, sends interviews to the record's writer, team and reviewers but never
 * to a ward, and binds the annex's lines into what the record's signatures cover.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { vietnamDate } from '$lib/domain/dates';
import { interviewAnnex } from '$lib/domain/interview';
import type { MutationArgs } from '$lib/domain/protocol';
import { questionnaireSchema } from '$lib/domain/questionnaire';
import { recordFingerprint, signedContentFingerprint } from '$lib/domain/record-fingerprint';
import { loadRecordContent } from '$lib/server/records';
import type { Actor } from '$lib/server/sync';
import { answerOf, officerOf } from '$lib/server/sync/row-converters';
import { documentOf } from '$lib/server/sync/handlers/inspections';
import defaultQuestionnaire from '$lib/templates/questionnaire-2026-v1.json';
import { createCaller } from './support/callers';
import { inspectionArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const questionnaire = questionnaireSchema.parse(defaultQuestionnaire);
const pinned = { questionnaireId: 'phong-van-nguoi-dan', questionnaireVersion: '2026.1' };
const takenAt = '2026-12-06T09:15:00.000+07:00';

describe.each(testDatabases)('exit interviews on $name', (kind) => {
	const ctx = useSyncContext(kind);

	const account = async (role: 'inspector' | 'supervisor' | 'ward' = 'inspector', unitCode: number | null = null) => {
		const { user } = await createCaller(ctx.db, role, { provinceCode: 1, unitCode });
		return { userId: user.userId, role: user.role, provinceCode: user.provinceCode, unitCode: user.unitCode } satisfies Actor;
	};

	async function pushOk(client: TestClient, mutations: unknown[]) {
		const response = await ctx.push(client, mutations);
		expect(response.results.map((r) => (r.status === 'applied' ? r.status : `${r.status} ${r.code} ${r.field} ${r.message}`))).toEqual(
			mutations.map(() => 'applied')
		);
		return response;
	}

	/** A visit of Phường Ba Đình (unit 4, province 1) by a new inspector, with `members` on its team. */
	async function visit(members: Actor[] = []) {
		const lead = await account();
		const client = ctx.newClient(lead);
		const create = inspectionArgs();
		const team = [
			{ userId: lead.userId, name: 'Nguyễn Văn An', role: 'truong_doan' as const, position: '', organisation: '' },
			...members.map((m, n) => ({
				userId: m.userId,
				name: `Thành viên ${n + 1}`,
				role: 'thanh_vien' as const,
				position: '',
				organisation: ''
			}))
		];
		await pushOk(client, [
			client.mutation('createInspection', create),
			...(members.length ? [client.mutation('updateInspectionHeader', { inspectionId: create.id, patch: { team } })] : [])
		]);
		return { id: create.id, lead, client };
	}

	const interview = (
		inspectionId: string,
		answers: MutationArgs<'recordInterview'>['answers'],
		more: Partial<MutationArgs<'recordInterview'>> = {}
	) => ({
		interviewId: uuidv7(),
		inspectionId,
		...pinned,
		answers,
		facts: {},
		takenAt,
		...more
	});

	const storedInterviews = (inspectionId: string) =>
		ctx.db.selectFrom('interviews').selectAll().where('inspection_id', '=', inspectionId).execute();
	const itemsOf = (interviewId: string) =>
		ctx.db.selectFrom('feedback_items').selectAll().where('interview_id', '=', interviewId).execute();

	const itemCount = async () =>
		Number(
			(
				await ctx.db
					.selectFrom('feedback_items')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it('records an interview pinned to its questionnaire, with its free text as one open feedback item of the unit', async () => {
		const { id, lead, client } = await visit();
		const args = interview(
			id,
			{ Q1: 4, Q7: 'no', Q11: '  Phải chờ gần hai tiếng  ' },
			{ facts: { ageBand: '45-59', firstVisit: 'again' } }
		);
		await pushOk(client, [client.mutation('recordInterview', args)]);
		const [row] = await storedInterviews(id);
		expect(row).toMatchObject({
			id: args.interviewId,
			questionnaire_id: 'phong-van-nguoi-dan',
			questionnaire_version: '2026.1',
			taken_by: lead.userId
		});
		expect(JSON.parse(row!.answers)).toEqual(args.answers);
		expect(JSON.parse(row!.facts)).toEqual(args.facts);
		const items = await itemsOf(args.interviewId);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			source: 'interview',
			response_id: null,
			unit_code: 4,
			province_code: 1,
			text: 'Phải chờ gần hai tiếng',
			received_on: vietnamDate(takenAt),
			status: 'open'
		});
		expect(Number(items[0]!.flood)).toBe(0);
	});

	it('an interview without free text makes no feedback item', async () => {
		const { id, client } = await visit();
		const args = interview(id, { Q1: 5, Q11: '   ' });
		await pushOk(client, [client.mutation('recordInterview', args)]);
		expect(await storedInterviews(id)).toHaveLength(1);
		expect(await itemsOf(args.interviewId)).toEqual([]);
	});

	it('refuses a questionnaire the server does not ship and answers that do not fit it, naming the field', async () => {
		const { id, client } = await visit();
		const itemsBefore = await itemCount();
		const cases: [Partial<MutationArgs<'recordInterview'>>, string, string][] = [
			[{ questionnaireVersion: '2099.9' }, 'unknown_questionnaire', 'args.questionnaireVersion'],
			// A checklist is not a questionnaire.
			[{ questionnaireId: 'mac-dinh', questionnaireVersion: '2025.1' }, 'unknown_questionnaire', 'args.questionnaireVersion'],
			[{ answers: { Q4: 3 } }, 'response_invalid', 'args.answers.Q4'],
			[{ answers: { Q1: 'yes' } }, 'response_invalid', 'args.answers.Q1'],
			[{ answers: { Q42: 3 } }, 'response_invalid', 'args.answers.Q42'],
			[{ answers: {} }, 'response_invalid', 'args.answers'],
			[{ answers: { Q1: 2 }, facts: { ageBand: 'tre-em' } }, 'response_invalid', 'args.facts.ageBand'],
			[{ answers: { Q1: 2 }, facts: { hoTen: 'a' } }, 'response_invalid', 'args.facts.hoTen']
		];
		const response = await ctx.push(
			client,
			cases.map(([more]) => client.mutation('recordInterview', interview(id, { Q1: 3 }, more)))
		);
		expect(response.results.map((r) => [r.status, r.code, r.field])).toEqual(cases.map(([, code, field]) => ['rejected', code, field]));
		// A value outside the scale is the schema's to refuse.
		const outOfScale = await ctx.push(client, [client.mutation('recordInterview', interview(id, { Q1: 6 }))]);
		expect(outOfScale.results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });
		expect(await storedInterviews(id)).toEqual([]);
		expect(await itemCount()).toBe(itemsBefore);
	});

	it('a draft questionnaire version is not pinnable', async () => {
		const { id, client } = await visit();
		const at = new Date().toISOString();
		await ctx.db
			.insertInto('template_versions')
			.values({
				template_id: 'phong-van-nguoi-dan',
				version: '2026.9-nhap',
				name: 'Bản nháp',
				status: 'draft',
				effective_from: null,
				based_on_template_id: null,
				based_on_version: null,
				published_at: null,
				retired_at: null,
				created_by: null,
				created_at: at,
				updated_at: at,
				content: JSON.stringify({ ...questionnaire, version: '2026.9-nhap' })
			})
			.execute();
		const response = await ctx.push(client, [
			client.mutation('recordInterview', interview(id, { Q1: 3 }, { questionnaireVersion: '2026.9-nhap' }))
		]);
		expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'unknown_questionnaire' });
	});

	it('replacing an interview replaces its feedback item; removing it removes both', async () => {
		const { id, client } = await visit();
		const first = interview(id, { Q1: 2, Q11: 'Không có chỗ ngồi' });
		await pushOk(client, [client.mutation('recordInterview', first)]);
		const [item] = await itemsOf(first.interviewId);
		await pushOk(client, [client.mutation('recordInterview', { ...first, answers: { Q1: 3, Q11: 'Không có chỗ ngồi chờ' } })]);
		expect(await storedInterviews(id)).toHaveLength(1);
		expect(await itemsOf(first.interviewId)).toMatchObject([{ id: item!.id, text: 'Không có chỗ ngồi chờ', status: 'open' }]);
		// The text taken back: the item goes.
		await pushOk(client, [client.mutation('recordInterview', { ...first, answers: { Q1: 3 } })]);
		expect(await itemsOf(first.interviewId)).toEqual([]);

		const second = interview(id, { Q5: 1, Q11: 'Cán bộ quát người dân' });
		await pushOk(client, [client.mutation('recordInterview', second)]);
		await pushOk(client, [client.mutation('removeInterview', { inspectionId: id, interviewId: second.interviewId })]);
		expect((await storedInterviews(id)).map((r) => r.id)).toEqual([first.interviewId]);
		expect(await itemsOf(second.interviewId)).toEqual([]);
		// Removing it again is the same result.
		await pushOk(client, [client.mutation('removeInterview', { inspectionId: id, interviewId: second.interviewId })]);

		const { changes } = await ctx.pullAll(client.actor);
		const tombstone = changes.find((c) => c.entity === 'interview' && c.op === 'delete');
		expect(tombstone).toMatchObject({ entityId: second.interviewId, data: { id: second.interviewId, inspectionId: id } });
	});

	it('an interview id already used on another record is not taken over', async () => {
		const a = await visit();
		const b = await visit();
		const args = interview(a.id, { Q1: 4 });
		await pushOk(a.client, [a.client.mutation('recordInterview', args)]);
		const response = await ctx.push(b.client, [b.client.mutation('recordInterview', { ...args, inspectionId: b.id })]);
		expect(response.results[0]).toMatchObject({ status: 'conflict', code: 'already_exists' });
		expect((await storedInterviews(a.id)).map((r) => r.id)).toEqual([args.interviewId]);
	});

	it('is applied exactly once: a replayed push changes nothing and answers the same', async () => {
		const { id, client } = await visit();
		const mutations = [
			client.mutation('recordInterview', interview(id, { Q1: 1, Q11: 'Lần một' })),
			client.mutation('recordInterview', interview(id, { Q1: 2, Q11: 'Lần hai' })),
			client.mutation('recordInterview', interview(id, { Q1: 3 }))
		];
		const first = await pushOk(client, mutations);
		const changes = await ctx.countChanges();
		const again = await ctx.push(client, mutations);
		expect(again.results).toEqual(first.results);
		expect(await ctx.countChanges()).toBe(changes);
		expect(await storedInterviews(id)).toHaveLength(3);
		const items = await ctx.db
			.selectFrom('feedback_items')
			.select('text')
			.where(
				'interview_id',
				'in',
				mutations.map((m) => (m.args as { interviewId: string }).interviewId)
			)
			.orderBy('text')
			.execute();
		expect(items.map((i) => i.text)).toEqual(['Lần hai', 'Lần một']);
	});

	it('a team member interviews; interviews reach the writer, the team and the reviewers, never the ward, even after approval', async () => {
		const member = await account();
		const { id, lead, client } = await visit([member]);
		const memberClient = ctx.newClient(member);
		const byMember = interview(id, { Q3: 2, Q11: 'Phí không được niêm yết' });
		await pushOk(memberClient, [
			memberClient.mutation('recordInterview', byMember),
			memberClient.mutation('handInPart', { inspectionId: id, handedInAt: new Date().toISOString() })
		]);
		const byLead = interview(id, { Q1: 5 });
		await pushOk(client, [client.mutation('recordInterview', byLead), client.mutation('submitInspection', submitArgs(id))]);
		const reviewer = ctx.newClient(await account('supervisor'));
		await pushOk(reviewer, [reviewer.mutation('approveInspection', { inspectionId: id, comment: '' })]);

		const interviewIds = async (actor: Actor) =>
			(await ctx.pullAll(actor)).changes
				.filter((c) => c.entity === 'interview' && c.data.inspectionId === id)
				.map((c) => c.entityId)
				.sort();
		const both = [byMember.interviewId, byLead.interviewId].sort();
		expect(await interviewIds(lead)).toEqual(both);
		expect(await interviewIds(member)).toEqual(both);
		expect(await interviewIds(reviewer.actor)).toEqual(both);

		const ward = await account('ward', 4);
		const wardChanges = (await ctx.pullAll(ward)).changes;
		expect(wardChanges.some((c) => c.entity === 'inspection' && c.entityId === id)).toBe(true);
		expect(wardChanges.filter((c) => c.entity === 'interview')).toEqual([]);
		expect(JSON.stringify(wardChanges)).not.toContain('Phí không được niêm yết');
	});

	it('a ward may not record an interview, and an inspector off the team learns nothing of the record', async () => {
		const { id } = await visit();
		const ward = ctx.newClient(await account('ward', 4));
		const stranger = ctx.newClient(await account());
		const refused = await ctx.push(ward, [ward.mutation('recordInterview', interview(id, { Q1: 1 }))]);
		expect(refused.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
		const unknown = await ctx.push(stranger, [stranger.mutation('recordInterview', interview(id, { Q1: 1 }))]);
		expect(unknown.results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
		expect(await storedInterviews(id)).toEqual([]);
	});

	it('the annex is part of what is signed: an interview after signing voids the signature at submission', async () => {
		const { id, client } = await visit();
		await pushOk(client, [client.mutation('recordInterview', interview(id, { Q1: 4, Q7: 'yes' }))]);

		const signedNow = async () => {
			const loaded = (await loadRecordContent(ctx.db, id))!;
			const { signatures: _s, ...content } = loaded.content;
			return signedContentFingerprint(content);
		};
		// As the phone computes it: the annex of its interviews, on the questionnaire it pinned.
		const row = await ctx.db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const [officers, answers, interviews] = await Promise.all([
			ctx.db.selectFrom('officers').selectAll().where('inspection_id', '=', id).execute(),
			ctx.db.selectFrom('answers').selectAll().where('inspection_id', '=', id).execute(),
			storedInterviews(id)
		]);
		const annex = interviewAnnex(
			interviews.map((i) => ({ ...pinned, answers: JSON.parse(i.answers) as never, facts: JSON.parse(i.facts) as never })),
			() => questionnaire
		);
		expect(annex).toMatchObject({ respondents: 1, critical: [{ questionId: 'Q7', count: 1 }] });
		const phone = await signedContentFingerprint({
			inspection: documentOf(row),
			officers: officers.map(officerOf),
			answers: answers.map(answerOf),
			findings: [],
			interviewAnnex: annex
		});
		expect(await signedNow()).toBe(phone);

		const refusal = (fingerprint: string) =>
			client.mutation('signInspection', {
				refused: true,
				inspectionId: id,
				role: 'unit_rep',
				signerName: 'Trần Thị Bình',
				signerPosition: '',
				refusalReason: 'Không đồng ý',
				signedAt: new Date().toISOString(),
				contentFingerprint: fingerprint
			});
		await pushOk(client, [refusal(phone), client.mutation('recordInterview', interview(id, { Q1: 1 }))]);
		const voided = await ctx.push(client, [client.mutation('submitInspection', submitArgs(id))]);
		expect(voided.results[0]).toMatchObject({ status: 'rejected', code: 'signatures_void' });

		await pushOk(client, [refusal(await signedNow()), client.mutation('submitInspection', submitArgs(id))]);
		const held = (await loadRecordContent(ctx.db, id))!;
		expect(held.content.interviewAnnex?.respondents).toBe(2);
		expect(await recordFingerprint(held.content)).not.toBe(await recordFingerprint({ ...held.content, interviewAnnex: null }));
	});

	it('a record without interviews has no annex in what the server fingerprints', async () => {
		const { id } = await visit();
		expect((await loadRecordContent(ctx.db, id))!.content.interviewAnnex).toBeNull();
	});
});
