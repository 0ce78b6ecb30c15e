/**
 * Data exports (issue 18, docs/exports.md) through the real route handler, on both databases:
 * the files reopened (CSV parsed back, XLSX read with read-excel-file) and compared with the
 * database's rows; the screens' filters honoured; each role held to its scope; official records
 * only; the JSON API's pages joined back into the whole set; an audit entry for every export.
 */
import { unzipSync } from 'fflate';
import readExcelFile from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { exportColumns, exportSheetNames, type ExportDataset } from '$lib/domain/exports';
import { documentText, reportDocument } from '$lib/domain/report-document';
import { buildPeriodReport } from '$lib/server/reports';
import { recordFigures } from '$lib/server/reports/record-scores';
import type { Actor } from '$lib/server/sync';
import { GET } from '../../src/routes/api/exports/[dataset]/+server';
import { GET as getReportDocument } from '../../src/routes/api/exports/report-document/+server';
import { parseCsv } from './support/csv-parse';
import { answerArgs, failedAnswerArgs, findingArgs, inspectionArgs, officerArgs, submitArgs } from './support/factories';
import { routeResponse } from './support/route-calls';
import { useServerDatabase, useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const baDinh = { code: 4, name: 'Phường Ba Đình', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const hoanKiem = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const thuDauMot = { code: 25747, name: 'Phường Thủ Dầu Một', provinceCode: 79, provinceName: 'Thành phố Hồ Chí Minh' };

/** A note that would run as a formula if written raw, with a comma, quotes, a line break and diacritics. */
const trickyNote = '=HYPERLINK("http://x","Bấm vào"), dòng 1\ndòng 2';

describe.each(testDatabases)('exports on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	const supervisor = ctx.newActor('supervisor');
	const supervisor79 = ctx.newActor('supervisor', { provinceCode: 79 });
	const nationalAdmin = ctx.newActor('admin', { provinceCode: null });
	const ward = ctx.newActor('ward', { unitCode: 4 });
	const inspector = ctx.newActor('inspector');
	const ids = { approved: '', submitted: '', draft: '', self: '', other: '', finding: '' };

	async function pushAll(client: TestClient, mutations: ReturnType<TestClient['mutation']>[]) {
		const response = await ctx.push(client, mutations);
		expect(response.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
	}

	beforeAll(async () => {
		if (kind.skipReason) return;
		const device = ctx.newClient(inspector);
		// Approved, in Ba Đình, February: an officer, three answers, a finding the ward then fixes.
		const approved = inspectionArgs({ unit: baDinh, startedAt: '2026-02-10T02:00:00.000Z' });
		const officer = officerArgs(approved.id, { name: 'Lê Văn Cường' });
		const finding = { ...findingArgs(approved.id), title: '+ thiếu niêm yết' };
		await pushAll(device, [
			device.mutation('createInspection', approved),
			device.mutation('addOfficer', officer),
			device.mutation('answerItem', answerArgs(approved.id, 'A1', undefined, { note: trickyNote })),
			device.mutation('answerItem', failedAnswerArgs(approved.id)),
			device.mutation('answerItem', answerArgs(approved.id, 'A2', null, { note: '@ghi chú' })),
			device.mutation('submitInspection', submitArgs(approved.id, [finding]))
		]);
		const reviewer = ctx.newClient(supervisor);
		await pushAll(reviewer, [reviewer.mutation('approveInspection', { inspectionId: approved.id, comment: 'Đồng ý' })]);
		const wardDevice = ctx.newClient(ward);
		await ctx.pullAll(ward);
		await pushAll(wardDevice, [
			wardDevice.mutation('reportFix', {
				findingId: finding.id,
				eventId: uuidv7(),
				text: 'Đã niêm yết bổ sung',
				photos: [],
				reportedAt: new Date().toISOString()
			})
		]);

		// Submitted, in Hoàn Kiếm, May.
		const submitted = inspectionArgs({ unit: hoanKiem, startedAt: '2026-05-20T03:00:00.000Z' });
		const finding2 = findingArgs(submitted.id);
		await pushAll(device, [
			device.mutation('createInspection', submitted),
			device.mutation('answerItem', failedAnswerArgs(submitted.id)),
			device.mutation('submitInspection', submitArgs(submitted.id, [finding2]))
		]);
		// A draft in Ba Đình, March, and a self-inspection made official by nobody.
		const draft = inspectionArgs({ unit: baDinh, startedAt: '2026-03-01T02:00:00.000Z' });
		const self = inspectionArgs({ unit: baDinh, startedAt: '2026-02-11T02:00:00.000Z' });
		await pushAll(device, [
			device.mutation('createInspection', draft),
			device.mutation('answerItem', answerArgs(draft.id, 'A1')),
			device.mutation('createInspection', self),
			device.mutation('answerItem', answerArgs(self.id, 'A1'))
		]);
		await ctx.db.updateTable('inspections').set({ kind: 'self' }).where('id', '=', self.id).execute();
		// Another province's record.
		const hcm = ctx.newClient(ctx.newActor('inspector', { provinceCode: 79 }));
		const other = inspectionArgs({ unit: thuDauMot, startedAt: '2026-02-12T02:00:00.000Z' });
		await pushAll(hcm, [hcm.mutation('createInspection', other), hcm.mutation('answerItem', answerArgs(other.id, 'A1'))]);
		Object.assign(ids, {
			approved: approved.id,
			submitted: submitted.id,
			draft: draft.id,
			self: self.id,
			other: other.id,
			finding: finding.id
		});
	});

	function request(as: Actor, dataset: string, query: string) {
		return routeResponse(GET, { as, path: `/api/exports/${dataset}?${query}`, params: { dataset } });
	}

	async function csvOf(as: Actor, dataset: ExportDataset, query = '') {
		const response = await request(as, dataset, `format=csv&${query}`);
		expect(response.status).toBe(200);
		const bytes = new Uint8Array(await response.arrayBuffer());
		// ignoreBOM keeps the mark in the text, where the test can see it (the default strips it).
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		const rows = parseCsv(text.replace(/^\uFEFF/, ''));
		const header = rows.shift()!;
		return {
			text,
			bytes,
			response,
			header,
			rows: rows.map((r) => Object.fromEntries(exportColumns[dataset].map((c, i) => [c.key, r[i]!])))
		};
	}

	async function jsonPages(as: Actor, dataset: ExportDataset, query: string, limit: number) {
		const rows: Record<string, unknown>[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const response = await request(as, dataset, `format=json&limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`);
			expect(response.status).toBe(200);
			const page = (await response.json()) as { rows: Record<string, unknown>[]; nextCursor: string | null; columns: string[] };
			expect(page.columns).toEqual(exportColumns[dataset].map((c) => c.key));
			expect(page.rows.length).toBeLessThanOrEqual(limit);
			rows.push(...page.rows);
			cursor = page.nextCursor;
			pages++;
		} while (cursor);
		return { rows, pages };
	}

	const official = [() => ids.approved, () => ids.submitted, () => ids.draft];

	it('CSV starts with a BOM, keeps diacritics, quotes by RFC 4180 and defuses formulas; its rows are the database rows', async () => {
		const { text, bytes, response, header, rows } = await csvOf(supervisor, 'answers');
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="answers-province1-all\.csv"$/);
		expect(header).toEqual(exportColumns.answers.map((c) => c.label));
		expect(header).toContain('Đơn vị được kiểm tra');

		const stored = await ctx.db
			.selectFrom('answers')
			.select(['inspection_id', 'item_id', 'note'])
			.where(
				'inspection_id',
				'in',
				official.map((f) => f())
			)
			.execute();
		expect(rows.map((r) => `${r.inspectionId}/${r.itemId}`).sort()).toEqual(stored.map((a) => `${a.inspection_id}/${a.item_id}`).sort());
		const tricky = rows.find((r) => r.inspectionId === ids.approved && r.itemId === 'A1')!;
		expect(tricky.note).toBe(`'${trickyNote}`);
		expect(tricky).toMatchObject({ unitName: 'Phường Ba Đình', provinceName: 'Thành phố Hà Nội' });
		// A1 is a count item (5 of 5 in the factory): its figures land in two number columns.
		expect(tricky).toMatchObject({ answerKind: 'count', numerator: '5', denominator: '5', result: '' });
		expect(rows.find((r) => r.inspectionId === ids.approved && r.itemId === 'A2')).toMatchObject({ note: "'@ghi chú", answerKind: '' });
		// In the stable order: by visit start, then item.
		expect(rows.map((r) => r.inspectionId)).toEqual([...rows.map((r) => r.inspectionId)].sort((a, b) => startOf(a) - startOf(b)));
	});

	const startOf = (id: string | undefined) => ({ [ids.approved]: 1, [ids.draft]: 2, [ids.submitted]: 3 })[id ?? ''] ?? Number.NaN;

	it('XLSX reopens with read-excel-file and matches the findings and their remediation in the database', async () => {
		const response = await request(supervisor, 'findings', 'format=xlsx');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const sheets = await readExcelFile(Buffer.from(await response.arrayBuffer()));
		expect(sheets.map((s) => s.sheet)).toEqual(['Tồn tại, hạn chế']);
		const [header, ...data] = sheets[0]!.data;
		expect(header).toEqual(exportColumns.findings.map((c) => c.label));
		const stored = await ctx.db
			.selectFrom('findings')
			.selectAll()
			.where(
				'inspection_id',
				'in',
				official.map((f) => f())
			)
			.orderBy('inspection_id')
			.execute();
		const key = (c: string) => exportColumns.findings.findIndex((col) => col.key === c);
		expect(data.map((r) => r[key('findingId')]).sort()).toEqual(stored.map((f) => f.id).sort());
		for (const f of stored) {
			const row = data.find((r) => r[key('findingId')] === f.id)!;
			expect(row[key('title')]).toBe(f.title);
			expect(row[key('critical')]).toBe(f.critical === 1);
			expect(row[key('deadline')]).toBe(f.deadline);
			expect(row[key('findingStatus')]).toBe(f.status);
			expect(row[key('unitCode')]).toBe(f.inspection_id === ids.approved ? 4 : 70);
		}
		// A text starting with + is guarded in CSV only: XLSX stores it as text, never as a formula.
		expect(data.find((r) => r[key('findingId')] === ids.finding)![key('title')]).toBe('+ thiếu niêm yết');
		expect(data.find((r) => r[key('findingId')] === ids.finding)![key('findingStatus')]).toBe('fixReported');

		const remediation = await readExcelFile(Buffer.from(await (await request(supervisor, 'remediations', 'format=xlsx')).arrayBuffer()));
		const events = await ctx.db.selectFrom('finding_events').select(['id', 'kind']).where('finding_id', '=', ids.finding).execute();
		const [, ...eventRows] = remediation[0]!.data;
		expect(eventRows.map((r) => r[exportColumns.remediations.findIndex((c) => c.key === 'eventId')]).sort()).toEqual(
			events.map((e) => e.id).sort()
		);
		expect(eventRows.map((r) => r[exportColumns.remediations.findIndex((c) => c.key === 'kind')])).toContain('fixReported');
	});

	it('inspections carry their finding counts, and only official records are exported', async () => {
		const { rows } = await csvOf(supervisor, 'inspections');
		expect(rows.map((r) => r.inspectionId)).toEqual([ids.approved, ids.draft, ids.submitted]);
		expect(rows[0]).toMatchObject({ status: 'approved', findings: '1', criticalFindings: '0', teamLead: 'Nguyễn Văn An' });
		expect(rows.map((r) => r.inspectionId)).not.toContain(ids.self);
	});

	it('inspections carry score and share checked: the submitted record’s summary, a draft’s computed from its answers now', async () => {
		const { rows } = await csvOf(supervisor, 'inspections');
		const summaries = await ctx.db
			.selectFrom('record_summaries')
			.select(['inspection_id', 'score', 'coverage'])
			.where('inspection_id', 'in', [ids.approved, ids.submitted])
			.execute();
		expect(summaries).toHaveLength(2);
		const round = (n: number | null, places: number) => (n === null ? '' : String(Math.round(n * 10 ** places) / 10 ** places));
		for (const summary of summaries) {
			const row = rows.find((r) => r.inspectionId === summary.inspection_id)!;
			expect(summary.score).not.toBeNull();
			expect(row.score).toBe(round(summary.score, 4));
			expect(row.coverage).toBe(round(summary.coverage, 4));
		}
		// Scores are shares (0–1); the approved record has a failed item, so it is below full marks.
		const approvedScore = Number(rows.find((r) => r.inspectionId === ids.approved)!.score);
		expect(approvedScore).toBeGreaterThan(0);
		expect(approvedScore).toBeLessThan(1);
		// A draft has no summary worth reading (answers still change): it is scored as it stands.
		const live = (await recordFigures(ctx.db, [ids.draft])).get(ids.draft)!;
		expect(live.coverage).not.toBeNull();
		const draft = rows.find((r) => r.inspectionId === ids.draft)!;
		expect([draft.score, draft.coverage]).toEqual([round(live.score, 4), round(live.coverage, 4)]);

		// Findings carry their record's score, so a spreadsheet can sort them by how the visit went.
		const findings = await csvOf(supervisor, 'findings');
		for (const f of findings.rows) expect(f.recordScore).toBe(rows.find((r) => r.inspectionId === f.inspectionId)!.score);
		expect(findings.rows.length).toBeGreaterThan(0);
	});

	it('headings and sheet names are Vietnamese by default and English with lang=en; the data is the same', async () => {
		const vi = await csvOf(supervisor, 'answers');
		const en = await csvOf(supervisor, 'answers', 'lang=en');
		expect(vi.header).toEqual(exportColumns.answers.map((c) => c.label));
		expect(en.header).toEqual(exportColumns.answers.map((c) => c.labelEn));
		expect(en.header).toContain('Inspected unit');
		expect(en.rows).toEqual(vi.rows);
		expect((await csvOf(supervisor, 'answers', 'lang=vi')).header).toEqual(vi.header);

		const sheets = await readExcelFile(Buffer.from(await (await request(supervisor, 'inspections', 'format=xlsx&lang=en')).arrayBuffer()));
		expect(sheets.map((s) => s.sheet)).toEqual([exportSheetNames.inspections.en]);
		expect(sheets[0]!.data[0]).toEqual(exportColumns.inspections.map((c) => c.labelEn));
		const viSheets = await readExcelFile(Buffer.from(await (await request(supervisor, 'inspections', 'format=xlsx')).arrayBuffer()));
		expect(viSheets.map((s) => s.sheet)).toEqual(['Biên bản kiểm tra']);
		expect(sheets[0]!.data.slice(1)).toEqual(viSheets[0]!.data.slice(1));

		const refused = await request(supervisor, 'answers', 'format=csv&lang=fr');
		expect(refused.status).toBe(400);
		expect(await refused.json()).toMatchObject({ error: { code: 'invalid_request', field: 'lang' } });
	});

	it('an answer whose stored value is not JSON is exported with empty value cells; the export does not fail', async () => {
		await ctx.db
			.insertInto('answers')
			.values({
				inspection_id: ids.other,
				item_id: 'A9',
				officer_id: '',
				value: '{not json',
				note: 'giá trị hỏng',
				answered_at: '2026-02-12T03:00:00.000Z',
				version: 1,
				updated_at: '2026-02-12T03:00:00.000Z'
			})
			.execute();
		for (const format of ['csv', 'xlsx']) expect((await request(supervisor79, 'answers', `format=${format}`)).status).toBe(200);
		const { rows } = await csvOf(supervisor79, 'answers');
		expect(rows.map((r) => r.itemId)).toEqual(['A1', 'A9']);
		expect(rows[1]).toMatchObject({ note: 'giá trị hỏng', answerKind: '', result: '', numerator: '', value: '' });
		expect(rows[0]).toMatchObject({ answerKind: 'count', numerator: '5' });
		// That draft cannot be scored: its score is empty, the other records' are not.
		const records = (await csvOf(nationalAdmin, 'inspections')).rows;
		expect(records.find((r) => r.inspectionId === ids.other)).toMatchObject({ score: '', coverage: '' });
		expect(records.find((r) => r.inspectionId === ids.draft)!.coverage).not.toBe('');
	});

	it('the screens’ filters are honoured: period, unit and status', async () => {
		const february = await csvOf(supervisor, 'inspections', 'from=2026-02-01&to=2026-02-28');
		expect(february.rows.map((r) => r.inspectionId)).toEqual([ids.approved]);
		const hk = await csvOf(supervisor, 'findings', 'unit=70');
		expect(new Set(hk.rows.map((r) => r.unitCode))).toEqual(new Set(['70']));
		const submitted = await csvOf(supervisor, 'inspections', 'status=submitted&status=approved');
		expect(submitted.rows.map((r) => r.inspectionId)).toEqual([ids.approved, ids.submitted]);
		// The end date is inclusive in Vietnam time: a visit at 09:00 on 10/02 is in "to=2026-02-10".
		expect((await csvOf(supervisor, 'inspections', 'to=2026-02-10')).rows.map((r) => r.inspectionId)).toEqual([ids.approved]);
		expect((await request(supervisor, 'inspections', 'format=csv&from=2026-03-01&to=2026-02-01')).status).toBe(400);
		expect((await request(supervisor, 'inspections', 'format=csv&status=closed')).status).toBe(400);
		for (const bad of ['from=2026-02-30', 'to=2026-13-01', 'unit=abc', 'province=-1'])
			expect((await request(supervisor, 'inspections', `format=csv&${bad}`)).status).toBe(400);
		expect((await request(supervisor, 'inspections', 'format=pdf')).status).toBe(400);
	});

	it('each role gets its own scope: province, country, own commune’s approved records; others are refused', async () => {
		expect((await csvOf(supervisor79, 'inspections')).rows.map((r) => r.inspectionId)).toEqual([ids.other]);
		expect((await csvOf(nationalAdmin, 'inspections')).rows.map((r) => r.inspectionId)).toEqual([
			ids.approved,
			ids.other,
			ids.draft,
			ids.submitted
		]);
		expect((await csvOf(nationalAdmin, 'inspections', 'province=79')).rows.map((r) => r.inspectionId)).toEqual([ids.other]);
		expect((await csvOf(ward, 'inspections')).rows.map((r) => r.inspectionId)).toEqual([ids.approved]);
		expect((await csvOf(ward, 'answers', 'status=draft')).rows).toEqual([]);

		expect((await request(supervisor, 'inspections', 'format=csv&province=79')).status).toBe(403);
		expect((await request(ward, 'inspections', 'format=csv&unit=70')).status).toBe(403);
		expect((await request(inspector, 'inspections', 'format=csv')).status).toBe(403);
		expect((await request(supervisor, 'photos', 'format=csv')).status).toBe(400);
	});

	it('the JSON API pages through the same rows in the same order, without gaps or repeats', async () => {
		const whole = await csvOf(supervisor, 'answers');
		const paged = await jsonPages(supervisor, 'answers', '', 2);
		expect(paged.pages).toBe(Math.ceil(whole.rows.length / 2));
		expect(paged.rows.map((r) => [r.inspectionId, r.itemId, r.officerId].map(String).join('/'))).toEqual(
			whole.rows.map((r) => `${r.inspectionId}/${r.itemId}/${r.officerId || null}`)
		);
		const inspections = await jsonPages(nationalAdmin, 'inspections', '', 1);
		expect(inspections.rows.map((r) => r.inspectionId)).toEqual([ids.approved, ids.other, ids.draft, ids.submitted]);
		expect(inspections.rows[0]).toMatchObject({ unitCode: 4, findings: 1, status: 'approved' });
		expect((await request(supervisor, 'answers', 'format=json&cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
		expect((await request(supervisor, 'answers', 'format=json&limit=100000')).status).toBe(400);
	});

	it('every export leaves an audit entry naming who, what and which filter', async () => {
		const before = await lastSeq();
		await csvOf(ward, 'findings', 'from=2026-01-01');
		await request(supervisor, 'answers', 'format=json&limit=1');
		const entries = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', before).orderBy('seq').execute();
		expect(entries.map((e) => [e.action, e.actor_user_id])).toEqual([
			['data_exported', ward.userId],
			['data_exported', supervisor.userId]
		]);
		expect(JSON.parse(entries[0]!.detail)).toMatchObject({
			dataset: 'findings',
			format: 'csv',
			lang: 'vi',
			filter: { from: '2026-01-01' },
			scope: { provinceCode: 1, unitCode: 4, statuses: ['approved'] }
		});
		expect(JSON.parse(entries[1]!.detail)).toMatchObject({ dataset: 'answers', format: 'json', rows: 1, continued: false });
		// A refused export leaves no data_exported entry.
		const refused = await lastSeq();
		await request(ward, 'inspections', 'format=csv&unit=70');
		const after = await ctx.db.selectFrom('audit_log').select('action').where('seq', '>', refused).execute();
		expect(after.map((e) => e.action)).not.toContain('data_exported');
	});

	async function lastSeq() {
		const row = await ctx.db
			.selectFrom('audit_log')
			.select((eb) => eb.fn.max('seq').as('seq'))
			.executeTakeFirst();
		return Number(row?.seq ?? 0);
	}

	/** The paragraphs of a DOCX as Word shows them: each <w:p>'s text runs joined. */
	function docxParagraphs(bytes: Uint8Array): string[] {
		const xml = new TextDecoder().decode(unzipSync(bytes)['word/document.xml']);
		const unescape = (t: string) =>
			t.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&');
		return xml
			.split('</w:p>')
			.map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]!)).join(''))
			.filter((t) => t !== '');
	}

	it('the periodic report downloads as a DOCX whose text is the report model’s, numbers filled in, and is audited', async () => {
		const before = await lastSeq();
		const response = await routeResponse(getReportDocument, {
			as: supervisor,
			path: '/api/exports/report-document?period=2026-Q1'
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect(response.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-kiem-tra-province1-2026-Q1.docx"');
		const paragraphs = docxParagraphs(new Uint8Array(await response.arrayBuffer()));

		// The layout of a báo cáo, and the numbers of the fixture worked out by hand: in Q1 2026 the
		// province has one counted record (approved, Ba Đình, one finding, its fix reported before the deadline);
		// the May record is in Q2, the draft and the self-inspection are never counted.
		for (const expected of [
			'UBND THÀNH PHỐ HÀ NỘI',
			'SỞ NỘI VỤ',
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'Độc lập - Tự do - Hạnh phúc',
			'BÁO CÁO',
			'Kết quả kiểm tra hoạt động của Bộ phận Một cửa trên địa bàn Thành phố Hà Nội quý I năm 2026',
			'Nơi nhận:',
			'GIÁM ĐỐC'
		])
			expect(paragraphs).toContain(expected);
		expect(paragraphs.find((p) => p.startsWith('Số:'))).toMatch(/^Số:\s+\/BC-SNV$/);
		expect(paragraphs.find((p) => p.startsWith('Hà Nội, ngày'))).toMatch(/^Hà Nội, ngày \d{2} tháng \d{2} năm \d{4}$/);
		const body = paragraphs.join('\n');
		expect(body).toContain('đã thực hiện 1 cuộc kiểm tra tại 1/');
		expect(body).toContain('phát hiện 1 tồn tại, hạn chế, trong đó 0 tồn tại nghiêm trọng');
		// The ward reported the fix before the deadline: on time (docs/reports.md), awaiting verification.
		expect(body).toContain(
			'1 tồn tại đã khắc phục đúng hạn, 0 khắc phục quá hạn, 0 đã quá hạn nhưng chưa khắc phục, 0 còn trong hạn khắc phục'
		);
		expect(body).not.toContain('Theo kế hoạch');
		expect(paragraphs).toContain('Phường Ba Đình');

		// Every word of the model is in the file, in order.
		const report = await buildPeriodReport(ctx.db, supervisor, { period: { kind: 'quarter', year: 2026, quarter: 1 } });
		const words = documentText(reportDocument(report, 'province'));
		expect(words.filter((w) => !body.includes(w))).toEqual([]);

		const entries = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', before).execute();
		expect(entries.map((e) => [e.action, e.actor_user_id])).toEqual([['report_document_exported', supervisor.userId]]);
		expect(JSON.parse(entries[0]!.detail)).toMatchObject({ period: '2026-Q1', provinceCode: 1, format: 'docx' });
	});

	it('a ward’s report document is its own unit’s; another unit’s is refused', async () => {
		const response = await routeResponse(getReportDocument, { as: ward, path: '/api/exports/report-document?period=2026' });
		expect(response.status).toBe(200);
		const paragraphs = docxParagraphs(new Uint8Array(await response.arrayBuffer()));
		expect(paragraphs).toContain('UBND PHƯỜNG BA ĐÌNH');
		expect(paragraphs.join('\n')).toContain('Trong năm 2026, đã thực hiện 1 cuộc kiểm tra;');
		expect(
			(await routeResponse(getReportDocument as never, { as: ward, path: '/api/exports/report-document?period=2026&unit=70' })).status
		).toBe(403);
		expect(
			(await routeResponse(getReportDocument as never, { as: inspector, path: '/api/exports/report-document?period=2026' })).status
		).toBe(403);
		// A supervisor's report on that one unit is still the Sở Nội vụ's.
		const onUnit = await routeResponse(getReportDocument, {
			as: supervisor,
			path: '/api/exports/report-document?period=2026&unit=4'
		});
		const unitParagraphs = docxParagraphs(new Uint8Array(await onUnit.arrayBuffer()));
		expect(unitParagraphs).toContain('SỞ NỘI VỤ');
		expect(unitParagraphs).not.toContain('UBND PHƯỜNG BA ĐÌNH');
	});
});
