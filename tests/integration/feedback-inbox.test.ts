/**
 * Free text is handled as feedback, not published (issue 19, must-show 4), through the real
 * route handlers on both databases: the province's supervisors read every item of their province
 * as written (flood marked), nobody else's; they mark one handled with a reply note (audited,
 * once); a ward reads only its own unit's figures, and its comments only masked and only once the
 * province turned that on — never another unit's, never a flooded answer's, never an interview
 * of a record not yet published to it, never the reply note or who wrote it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, vietnamDate } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import type { Role } from '$lib/domain/principal';
import type { SignedInUser } from '$lib/server/auth';
import { getDatabase } from '$lib/server/db';
import { forgetCachedQuestionnaires } from '$lib/server/templates/questionnaire-rows';
import { GET as listItems } from '../../src/routes/api/feedback-items/+server';
import { POST as handleItem } from '../../src/routes/api/feedback-items/[id]/handle/+server';
import { GET as readSettings, PUT as putSettings } from '../../src/routes/api/feedback-settings/+server';
import { GET as summaryOf } from '../../src/routes/api/feedback-summary/+server';
import { createCaller } from './support/callers';
import { callRoute } from './support/route-calls';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const HO_CHI_MINH = 79;
const HOAN_KIEM = 70;
const BA_DINH = 4;
const THU_DAU_MOT = 25747;
const Q = { questionnaire_id: 'phong-van-nguoi-dan', questionnaire_version: '2026.1' };

/** A comment as a citizen writes it: a name after a form of address, a phone number, an ID number. */
const COMPLAINT =
	'Chị Nguyễn Thị Lan ở quầy hộ tịch bắt tôi chờ 2 tiếng, gọi số 0912 345 678 không ai nghe. CCCD 001203004567 của tôi bị giữ lại.';
const PERSONAL = ['Nguyễn', 'Lan', '0912', '345 678', '001203004567'];

describe.each(testDatabases)('the feedback inbox on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });
	const today = vietnamDate();
	const who: Record<string, SignedInUser> = {};
	const ids: Record<string, string> = {};

	async function user(label: string, role: Role, provinceCode: number | null, unitCode: number | null = null) {
		const { db } = await getDatabase();
		who[label] = (await createCaller(db, role, { provinceCode, unitCode }, label)).user;
	}

	async function record(label: string, unitCode: number, status: string) {
		const id = uuidv7();
		ids[label] = id;
		const at = new Date().toISOString();
		await ctx.db
			.insertInto('inspections')
			.values({
				id,
				status,
				owner_user_id: who.inspector!.userId,
				unit_code: unitCode,
				province_code: HA_NOI,
				template_id: 'mac-dinh',
				template_version: '2025.1',
				created_at: at,
				started_at: at,
				ended_at: null,
				submitted_at: at,
				window_start: null,
				window_end: null,
				published_version: null,
				record_number: null,
				record_year: null,
				kind: 'official',
				plan_id: null,
				data: '{}',
				version: 1,
				updated_at: at
			})
			.execute();
	}

	async function interview(label: string, inspection: string, answers: Record<string, unknown>) {
		ids[label] = uuidv7();
		const at = new Date().toISOString();
		await ctx.db
			.insertInto('interviews')
			.values({
				id: ids[label],
				inspection_id: ids[inspection]!,
				...Q,
				answers: JSON.stringify(answers),
				facts: '{}',
				taken_at: at,
				taken_by: who.inspector!.userId,
				version: 1,
				updated_at: at
			})
			.execute();
	}

	async function pointResponse(
		label: string,
		unitCode: number,
		provinceCode: number,
		answers: Record<string, unknown>,
		flood: string | null = null
	) {
		ids[label] = uuidv7();
		const hour = new Date();
		hour.setUTCMinutes(0, 0, 0);
		await ctx.db
			.insertInto('feedback_responses')
			.values({
				id: ids[label],
				submission_id: uuidv7(),
				point_id: `diem-${unitCode}`,
				unit_code: unitCode,
				province_code: provinceCode,
				...Q,
				answers: JSON.stringify(answers),
				facts: '{}',
				received_hour: hour.toISOString(),
				flood
			})
			.execute();
	}

	async function item(
		label: string,
		from: { response?: string; interview?: string },
		unitCode: number,
		provinceCode: number,
		text: string,
		flood = 0
	) {
		ids[label] = uuidv7();
		await ctx.db
			.insertInto('feedback_items')
			.values({
				id: ids[label],
				source: from.interview ? 'interview' : 'point',
				response_id: from.response ? ids[from.response]! : null,
				interview_id: from.interview ? ids[from.interview]! : null,
				unit_code: unitCode,
				province_code: provinceCode,
				text,
				received_on: today,
				flood,
				status: 'open',
				handled_by: null,
				handled_at: null,
				reply_note: null
			})
			.execute();
	}

	beforeAll(async () => {
		if (kind.skipReason) return;
		forgetCachedQuestionnaires();
		await user('supervisor', 'supervisor', HA_NOI);
		await user('admin', 'admin', HA_NOI);
		await user('national admin', 'admin', null);
		await user('supervisor of 79', 'supervisor', HO_CHI_MINH);
		await user('inspector', 'inspector', HA_NOI);
		await user('ward 70', 'ward', HA_NOI, HOAN_KIEM);
		await user('ward 4', 'ward', HA_NOI, BA_DINH);

		await record('approved', HOAN_KIEM, 'approved');
		await record('submitted', HOAN_KIEM, 'submitted');
		await interview('published interview', 'approved', { Q1: 4, Q5: 1, Q11: 'Anh Tuấn ở quầy đất đai rất nhiệt tình.' });
		await interview('secret interview', 'submitted', { Q1: 1, Q11: 'Đoàn kiểm tra hôm nay hỏi rất kỹ.' });
		await pointResponse('answer 70', HOAN_KIEM, HA_NOI, { Q1: 2, Q3: 4, Q11: COMPLAINT });
		await pointResponse('flooded 70', HOAN_KIEM, HA_NOI, { Q1: 1, Q11: 'spam spam spam' }, 'burst-1');
		await pointResponse('answer 4', BA_DINH, HA_NOI, { Q1: 5, Q11: 'Phường Ba Đình phục vụ tốt.' });
		await pointResponse('answer 79', THU_DAU_MOT, HO_CHI_MINH, { Q1: 3, Q11: 'Quầy đông người.' });
		await item('complaint', { response: 'answer 70' }, HOAN_KIEM, HA_NOI, COMPLAINT);
		await item('flood', { response: 'flooded 70' }, HOAN_KIEM, HA_NOI, 'spam spam spam', 1);
		await item('published', { interview: 'published interview' }, HOAN_KIEM, HA_NOI, 'Anh Tuấn ở quầy đất đai rất nhiệt tình.');
		await item('secret', { interview: 'secret interview' }, HOAN_KIEM, HA_NOI, 'Đoàn kiểm tra hôm nay hỏi rất kỹ.');
		await item('ba dinh', { response: 'answer 4' }, BA_DINH, HA_NOI, 'Phường Ba Đình phục vụ tốt.');
		await item('other province', { response: 'answer 79' }, THU_DAU_MOT, HO_CHI_MINH, 'Quầy đông người.');
	});

	const list = (as: string, query = '') => callRoute(listItems, { as: who[as]!, path: `/api/feedback-items${query}` });
	const handle = (as: string, label: string, body: unknown) =>
		callRoute(handleItem, { as: who[as]!, path: `/api/feedback-items/${ids[label]}/handle`, params: { id: ids[label]! }, json: body });
	const summary = (as: string, query = '') => callRoute(summaryOf, { as: who[as]!, path: `/api/feedback-summary${query}` });
	const setWardSees = (as: string, wardSeesComments: boolean, provinceCode?: number) =>
		callRoute(putSettings, { as: who[as]!, method: 'PUT', path: '/api/feedback-settings', json: { wardSeesComments, provinceCode } });
	const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort();
	const labelled = (...labels: string[]) => labels.map((l) => ids[l]!).sort();

	it("a province's supervisor reads every item of the province as written, with unit, date, source and flood mark", async () => {
		const got = await list('supervisor');
		expect(got.status).toBe(200);
		expect(idsOf(got.body)).toEqual(labelled('complaint', 'flood', 'published', 'secret', 'ba dinh'));
		expect(got.body.total).toBe(5);
		const complaint = got.body.items.find((i: { id: string }) => i.id === ids.complaint);
		expect(complaint).toEqual({
			id: ids.complaint,
			source: 'point',
			unitCode: HOAN_KIEM,
			unitName: 'Phường Hoàn Kiếm',
			provinceCode: HA_NOI,
			receivedOn: today,
			text: COMPLAINT,
			flood: false,
			status: 'open',
			handledAt: null,
			handledBy: null,
			replyNote: null
		});
		expect(got.body.items.find((i: { id: string }) => i.id === ids.flood).flood).toBe(true);
		expect(got.body.items.find((i: { id: string }) => i.id === ids.published).source).toBe('interview');
		expect(got.body.units.map((u: { code: number }) => u.code).sort()).toEqual([BA_DINH, HOAN_KIEM]);

		// Filters: unit, period, status; the admin of the province sees the same.
		expect(idsOf((await list('supervisor', `?unit=${BA_DINH}`)).body)).toEqual(labelled('ba dinh'));
		expect((await list('supervisor', `?from=${addDays(today, 1)}`)).body.total).toBe(0);
		expect((await list('supervisor', `?from=${today}&to=${today}&status=open`)).body.total).toBe(5);
		expect((await list('admin')).body.total).toBe(5);
		expect((await list('supervisor', '?status=closed')).status).toBe(400);
	});

	it('another province sees none of them; a national admin sees every province, or the one named', async () => {
		expect(idsOf((await list('supervisor of 79')).body)).toEqual(labelled('other province'));
		const naming = await list('supervisor of 79', `?province=${HA_NOI}`);
		expect(naming.status).toBe(403);
		expect((await list('national admin')).body.total).toBe(6);
		expect(idsOf((await list('national admin', `?province=${HO_CHI_MINH}`)).body)).toEqual(labelled('other province'));
	});

	it('wards and inspectors never reach the inbox', async () => {
		for (const as of ['ward 70', 'inspector']) {
			expect((await list(as)).status).toBe(403);
			expect((await handle(as, 'complaint', { replyNote: 'Đã xử lý xong.' })).status).toBe(403);
		}
	});

	it('marks an item handled once, with a reply note, audited; another province gets 404', async () => {
		expect((await handle('supervisor of 79', 'complaint', { replyNote: 'Đã xử lý xong.' })).body.error.code).toBe(
			'feedback_item_not_found'
		);
		expect((await handle('supervisor', 'complaint', { replyNote: '' })).body.error).toMatchObject({
			code: 'invalid_request',
			field: 'replyNote'
		});

		const note = 'Đã làm việc với bộ phận hộ tịch; hồ sơ được trả lại trong ngày, công chức đã được nhắc nhở.';
		const done = await handle('supervisor', 'complaint', { replyNote: note });
		expect(done.status).toBe(200);
		expect(done.body.item).toMatchObject({ id: ids.complaint, status: 'handled', replyNote: note, handledBy: who.supervisor!.displayName });
		expect(done.body.item.handledAt).toEqual(expect.any(String));

		const again = await handle('admin', 'complaint', { replyNote: 'Ghi đè ghi chú.' });
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe('feedback_item_handled');

		const audit = await ctx.db
			.selectFrom('audit_log')
			.select(['action', 'actor_user_id', 'detail'])
			.where('action', '=', 'feedback_item_handled')
			.execute();
		expect(audit.map((a) => ({ actor: a.actor_user_id, detail: JSON.parse(a.detail) }))).toEqual([
			{ actor: who.supervisor!.userId, detail: { itemId: ids.complaint, unitCode: HOAN_KIEM, provinceCode: HA_NOI } }
		]);
		expect(idsOf((await list('supervisor', '?status=open')).body)).toEqual(labelled('flood', 'published', 'secret', 'ba dinh'));
		expect(idsOf((await list('supervisor', '?status=handled')).body)).toEqual(labelled('complaint'));
	});

	it('a ward sees its own unit’s figures — no flood, no unpublished interview — and no comment until the province allows it', async () => {
		const got = await summary('ward 70');
		expect(got.status).toBe(200);
		// The published interview and the ordinary point answer; not the flood, not the record still under review.
		expect(got.body).toMatchObject({
			unitCode: HOAN_KIEM,
			unitName: 'Phường Hoàn Kiếm',
			respondents: 2,
			bySource: { interview: 1, point: 1 }
		});
		expect(got.body.factors.TC).toEqual({ n: 2, mean: 3, smallSample: true });
		expect(got.body.factors.CC).toEqual({ n: 1, mean: 1, smallSample: true });
		expect(got.body.respondentsWithCritical).toBe(1);
		expect(got.body.commentsShown).toBe(false);
		expect(got.body.comments).toBeNull();
		const text = JSON.stringify(got.body);
		for (const words of [COMPLAINT, 'Tuấn', 'Đoàn kiểm tra', 'spam']) expect(text).not.toContain(words);

		// Never another unit's, in its province or another.
		expect((await summary('ward 70', `?unit=${BA_DINH}`)).status).toBe(403);
		expect((await summary('ward 70', `?unit=${THU_DAU_MOT}`)).status).toBe(403);
		// Nor the settings.
		expect((await setWardSees('ward 70', true)).status).toBe(403);
		expect((await callRoute(readSettings, { as: who['ward 70']!, path: '/api/feedback-settings' })).status).toBe(403);
	});

	it('once the province turns it on, the ward reads its own comments masked by the server, without the reply', async () => {
		expect((await setWardSees('supervisor of 79', true, HA_NOI)).status).toBe(403);
		const set = await setWardSees('supervisor', true);
		expect(set.status).toBe(200);
		expect(set.body.settings).toMatchObject({ provinceCode: HA_NOI, wardSeesComments: true });
		const read = await callRoute(readSettings, { as: who.admin!, path: '/api/feedback-settings' });
		expect(read.body.settings.wardSeesComments).toBe(true);
		const audit = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'feedback_settings_changed').execute();
		expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ provinceCode: HA_NOI, wardSeesComments: true }]);

		const got = await summary('ward 70');
		expect(got.body.commentsShown).toBe(true);
		expect(got.body.comments.map((c: { id: string }) => c.id).sort()).toEqual(labelled('complaint', 'published'));
		const complaint = got.body.comments.find((c: { id: string }) => c.id === ids.complaint);
		expect(Object.keys(complaint).sort()).toEqual(['id', 'receivedOn', 'source', 'status', 'text']);
		expect(complaint.status).toBe('handled');
		expect(complaint.text).toContain('ở quầy hộ tịch bắt tôi chờ 2 tiếng');
		expect(complaint.text).toContain('•••');
		const published = got.body.comments.find((c: { id: string }) => c.id === ids.published);
		expect(published.text).toBe('Anh ••• ở quầy đất đai rất nhiệt tình.');

		// Nothing personal anywhere in what the ward's device receives, nor the note or its author.
		const text = JSON.stringify(got.body);
		for (const words of [...PERSONAL, 'Tuấn', 'Đoàn kiểm tra', 'spam', 'hồ sơ được trả lại', who.supervisor!.displayName])
			expect(text).not.toContain(words);
		// Ba Đình's ward sees Ba Đình's only; Hồ Chí Minh's setting is still off.
		expect((await summary('ward 4')).body.comments.map((c: { text: string }) => c.text)).toEqual(['Phường Ba Đình phục vụ tốt.']);

		// The province's overseers see exactly what the ward sees for any unit of theirs.
		const preview = await summary('supervisor', `?unit=${HOAN_KIEM}`);
		expect(preview.body.comments).toEqual(got.body.comments);
		expect((await summary('supervisor of 79', `?unit=${HOAN_KIEM}`)).status).toBe(403);
		expect((await summary('supervisor')).body.error.field).toBe('unit');

		// Turned off again, the comments are gone at once.
		await setWardSees('admin', false);
		expect((await summary('ward 70')).body.comments).toBeNull();
	});
});
