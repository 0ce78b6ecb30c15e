/**
 * A province's year of sync history, straight into a migrated server database (Kysely, either
 * dialect), for the pull case: `units` communes × `perUnit` records spread over the last year,
 * each written the way the app writes it — created, 3 officers, 80 answers (the sync workload's
 * records), about a quarter of the answers written again, finding drafts, then submitted (findings,
 * drafts removed), some returned, most approved and published (a fresh snapshot of the record for
 * wards, publish.ts). Only what pull reads is written: the `inspections` rows and every change
 * row, numbered after the sync counter, which is moved past them at the end.
 *
 * Rows are flushed in chunks as they are made, so the generator's own memory stays small.
 */
import { randomUUID } from 'node:crypto';
import { makeSyncWorkload } from '../lib/workload.js';
import { mulberry32 } from './generate.js';

const DAY = 24 * 60 * 60 * 1000;
const FINDING_ITEMS = ['A3', 'A5', 'B2', 'B6', 'C2', 'C3', 'B9'];

/** One record's history as change rows (without versions), and its final inspection row. */
function recordHistory(rand, { province, commune, owner, startedAt }) {
	const { mutations } = makeSyncWorkload(1, owner);
	const create = mutations[0].args;
	const unit = { code: commune.code, name: commune.name, provinceCode: province.code, provinceName: province.name };
	const at = (minutes) => new Date(Date.parse(startedAt) + minutes * 60_000).toISOString();
	let doc = { ...create, unit, startedAt, createdAt: startedAt, status: 'draft', endedAt: null };
	const id = doc.id;
	const officers = mutations.filter((m) => m.name === 'addOfficer').map((m) => m.args);
	const answers = mutations
		.filter((m) => m.name === 'answerItem')
		.map((m, i) => ({ ...m.args, answeredAt: at(10 + i), answeredBy: owner }));
	const changes = [];
	const upsert = (entity, entityId, data) => changes.push({ entity, entity_id: entityId, op: 'upsert', data });
	const remove = (entity, entityId, data) => changes.push({ entity, entity_id: entityId, op: 'delete', data });
	const answerId = (a) => `${a.inspectionId}/${a.itemId}/${a.officerId}`;

	upsert('inspection', id, doc);
	for (const o of officers) upsert('officer', o.id, o);
	for (const a of answers) upsert('answer', answerId(a), a);
	for (const a of answers)
		if (rand() < 0.25) {
			Object.assign(a, { note: 'Đã kiểm tra lại hồ sơ tại quầy', answeredAt: at(120) });
			upsert('answer', answerId(a), a);
		}
	const roll = rand();
	const status = roll < 0.05 ? 'draft' : roll < 0.35 ? 'submitted' : roll < 0.4 ? 'returned' : 'approved';
	const findings = [];
	if (status !== 'draft') {
		const count = Math.floor(rand() * 5);
		for (let f = 0; f < count; f++) {
			const itemId = FINDING_ITEMS[f];
			const deadline = new Date(Date.parse(startedAt) + 30 * DAY).toISOString().slice(0, 10);
			const draft = { inspectionId: id, itemId, recommendation: 'Niêm yết bổ sung các thủ tục còn thiếu', deadline };
			upsert('findingDraft', `${id}/${itemId}`, draft);
			findings.push({
				id: randomUUID(),
				inspectionId: id,
				itemId,
				sectionId: itemId[0],
				title: 'Chưa niêm yết đầy đủ thủ tục hành chính',
				detail: `Ghi nhận tại buổi kiểm tra ngày ${startedAt.slice(0, 10)}: thiếu 3 thủ tục lĩnh vực hộ tịch.`,
				officerIds: [],
				critical: f === 0,
				legal: [{ document: 'Nghị định 61/2018/NĐ-CP', article: '5' }],
				recommendation: draft.recommendation,
				deadline
			});
		}
		doc = { ...doc, status: 'submitted', endedAt: at(240), submittedAt: at(240) };
		upsert('inspection', id, doc);
		for (const f of findings) upsert('finding', f.id, f);
		for (const f of findings) remove('findingDraft', `${id}/${f.itemId}`, { inspectionId: id, itemId: f.itemId });
	}
	const review = (kind) => {
		const event = { id: randomUUID(), inspectionId: id, actorUserId: owner, at: at(60 * 24 * 3), kind, comment: '' };
		upsert('inspectionEvent', event.id, event);
	};
	if (status === 'returned') {
		doc = { ...doc, status: 'returned' };
		upsert('inspection', id, doc);
		review('returned');
	}
	let publishedAt = -1;
	if (status === 'approved') {
		doc = { ...doc, status: 'approved' };
		upsert('inspection', id, doc);
		review('approved');
		// publish.ts: the record's snapshot for wards, from this change on.
		publishedAt = changes.length;
		upsert('inspection', id, doc);
		for (const o of officers) upsert('officer', o.id, o);
		for (const a of answers) upsert('answer', answerId(a), a);
		for (const f of findings) upsert('finding', f.id, { ...f, status: 'open' });
	}
	const row = {
		id,
		status,
		owner_user_id: owner,
		unit_code: commune.code,
		province_code: province.code,
		template_id: doc.templateId,
		template_version: doc.templateVersion,
		created_at: startedAt,
		started_at: startedAt,
		ended_at: doc.endedAt,
		submitted_at: doc.submittedAt ?? null,
		data: JSON.stringify(doc),
		updated_at: at(60 * 24 * 3)
	};
	return { row, changes, publishedAt };
}

/**
 * Writes the history of `units` communes of `province` (as lib/units loads them), `perUnit`
 * records each, owned by `owner`. Returns the row counts and the latest change per row's count.
 */
export async function generateProvinceHistory(db, { province, units, perUnit, owner, now = new Date(), seed = 2026, chunk = 1000 }) {
	const rand = mulberry32(seed);
	const counter = await db.selectFrom('sync_counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
	let version = Number(counter.value);
	const totals = { inspections: 0, changes: 0, latest: 0 };
	const stamp = now.toISOString();
	await db.transaction().execute(async (trx) => {
		let inspections = [];
		let changes = [];
		const flush = async (force) => {
			while (changes.length >= chunk || (force && changes.length)) {
				await trx.insertInto('changes').values(changes.splice(0, chunk)).execute();
			}
		};
		for (const commune of province.communes.slice(0, units)) {
			for (let k = 0; k < perUnit; k++) {
				const startedAt = new Date(now.getTime() - ((k + rand()) * 365 * DAY) / perUnit).toISOString();
				const { row, changes: history, publishedAt } = recordHistory(rand, { province, commune, owner, startedAt });
				const first = version + 1;
				const latest = new Set();
				history.forEach((c, i) => {
					latest.add(`${c.entity}/${c.entity_id}`);
					changes.push({
						version: first + i,
						entity: c.entity,
						entity_id: c.entity_id,
						op: c.op,
						data: JSON.stringify(c.data),
						inspection_id: row.id,
						unit_code: commune.code,
						province_code: province.code,
						owner_user_id: owner,
						recorded_at: stamp
					});
				});
				version += history.length;
				inspections.push({ ...row, version, published_version: publishedAt >= 0 ? first + publishedAt : null });
				totals.inspections++;
				totals.changes += history.length;
				totals.latest += latest.size;
				if (inspections.length >= chunk / 10) {
					await trx.insertInto('inspections').values(inspections).execute();
					inspections = [];
				}
				await flush(false);
			}
		}
		if (inspections.length) await trx.insertInto('inspections').values(inspections).execute();
		await flush(true);
		await trx.updateTable('sync_counter').set({ value: version }).where('id', '=', 1).execute();
	});
	return totals;
}
