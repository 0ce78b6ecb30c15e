// Version 2 (2027.1) of the default template against the 2025 law as mapped in
// shared/domain/legal/MAPPING-2025.md: what it cites, what it keeps as history, what it shows.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citeLegal } from '$lib/domain/record-text';
import { templateSchema, type LegalRef, type Template, type TemplateItem } from '$lib/domain/template';
import raw from './default-2027-v2.json';
import { defaultTemplateV2, getTemplate } from './index';

const t: Template = defaultTemplateV2;
const items = t.sections.flatMap((s) => s.items);
const byId = new Map(items.map((i) => [i.id, i]));
const item = (id: string): TemplateItem => {
	const found = byId.get(id);
	if (!found) throw new Error(`no item ${id}`);
	return found;
};
const refs = items.flatMap((i) => i.legal.map((ref) => ({ itemId: i.id, ref })));

const ND118 = 'Nghị định 118/2025/NĐ-CP';
const TT03 = 'Thông tư 03/2025/TT-VPCP';

/** Does the item cite the 2025 text at this article (NĐ 118) or task group and point (TT 03)? */
function cites(itemId: string, document: string, where: { article?: string; clause?: RegExp }): boolean {
	return item(itemId).legal.some(
		(r) =>
			r.document === document &&
			r.status === 'in_force' &&
			(where.article === undefined || r.article === where.article) &&
			(where.clause === undefined || where.clause.test(r.clause ?? ''))
	);
}
const tt03Point = (group: number, point: string) => new RegExp(`^nhóm ${group} điểm ${point} `);

/** Every string an inspector or a unit reads: texts, guidance, remedies, labels, legal citations and notes. */
function visibleStrings(template: Template): { where: string; text: string }[] {
	const out: { where: string; text: string }[] = [{ where: 'name', text: template.name }];
	for (const s of template.sections) {
		out.push({ where: s.id, text: s.title }, { where: s.id, text: s.titleEn ?? '' });
		for (const i of s.items) {
			const strings = [i.text, i.textEn, i.guidance, i.guidanceEn, i.group, i.remediation.text];
			if (i.kind === 'count') strings.push(i.count.numeratorLabel, i.count.denominatorLabel);
			if (i.kind === 'sample') strings.push(i.sample.unitLabel);
			for (const r of i.legal) strings.push(r.document, r.article, r.clause, r.note);
			for (const text of strings) if (text) out.push({ where: i.id, text });
		}
	}
	for (const b of template.grading.bands) out.push({ where: 'grading', text: b.label });
	out.push({ where: 'grading', text: template.grading.method.label });
	return out;
}

describe('default template version 2 (2027.1)', () => {
	it('is valid data for the shared schema and is registered beside version 1', () => {
		expect(templateSchema.safeParse(raw).success).toBe(true);
		expect(t.id).toBe('mac-dinh');
		expect(t.version).toBe('2027.1');
		expect(getTemplate('mac-dinh', '2027.1')).toBe(t);
		expect(getTemplate('mac-dinh', '2025.1')?.version).toBe('2025.1');
	});

	it('shows inspectors no developer notes (seed provenance stays in `sources`)', () => {
		const developerWords = /seed|checklists\.md|TODO|FIXME|MAPPING|issue \d|\bS\d{1,2}\b|\bT\d\b/i;
		for (const { where, text } of visibleStrings(t)) expect(text, where).not.toMatch(developerWords);
		// Provenance is kept, where the UI does not show it.
		expect(item('A1').sources).toContain('seed 000');
	});

	it('no screen or print renders `sources`', () => {
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const path = join(dir, name);
				if (statSync(path).isDirectory()) walk(path);
				else if (name.endsWith('.svelte')) files.push(path);
			}
		};
		walk('src/routes');
		walk('src/lib/components');
		expect(files.length).toBeGreaterThan(10);
		for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\.sources\b/);
	});

	it('dates every reference to a legal text; only local practice, which is no text, has none', () => {
		for (const { itemId, ref } of refs) {
			if (ref.document === 'Thực tiễn địa phương') expect(ref.date, itemId).toBeUndefined();
			else expect(ref.date, `${itemId} ${ref.document}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}
		const dates = new Map(refs.map(({ ref }) => [ref.document, ref.date]));
		expect(dates.get(ND118)).toBe('2025-06-09');
		expect(dates.get(TT03)).toBe('2025-09-15');
		expect(dates.get('Nghị định 61/2018/NĐ-CP')).toBe('2018-04-23');
		expect(dates.get('Thông tư 01/2018/TT-VPCP')).toBe('2018-11-23');
	});

	it('marks every Nghị định 61/2018 and Thông tư 01/2018 reference historical, every other text in force', () => {
		const old = (r: LegalRef) => r.document === 'Nghị định 61/2018/NĐ-CP' || r.document === 'Thông tư 01/2018/TT-VPCP';
		expect(refs.filter(({ ref }) => old(ref)).length).toBeGreaterThan(20);
		for (const { itemId, ref } of refs) {
			if (old(ref)) expect(ref.status, `${itemId} ${ref.document}`).toBe('historical');
			else if (ref.date) expect(ref.status, `${itemId} ${ref.document}`).toBe('in_force');
		}
	});

	it('prints each basis with its date, and a replaced one marked as such', () => {
		expect(citeLegal(item('A1').legal[0]!)).toBe('Điều 8 Nghị định 118/2025/NĐ-CP ngày 09/6/2025');
		expect(citeLegal(item('E3').legal[0]!)).toBe(
			'Điều 19 khoản 9 Nghị định 61/2018/NĐ-CP ngày 23/4/2018 (căn cứ đã được thay thế, ghi để đối chiếu)'
		);
		for (const { itemId, ref } of refs) {
			const printed = citeLegal(ref);
			if (ref.date) expect(printed, itemId).toMatch(/ ngày \d{2}\/\d{1,2}\/\d{4}/);
			expect(printed.includes('đã được thay thế'), itemId).toBe(ref.status === 'historical');
		}
	});

	it('cites the 2025 counterpart of every mapping row marked verified or reported', () => {
		// MAPPING-2025.md "Table" and "Optional section E": rows with confidence reported or verified.
		for (const id of ['A1', 'A2', 'A3', 'A8']) expect(cites(id, ND118, { article: 'Điều 8' }), id).toBe(true);
		expect(cites('A10', TT03, { clause: tt03Point(2, 'c') })).toBe(true);
		expect(cites('A10', ND118, { article: 'Điều 8' })).toBe(true);
		expect(cites('B11', TT03, { clause: tt03Point(4, 'đ') })).toBe(true);
		expect(cites('B11', TT03, { clause: tt03Point(4, 'e') })).toBe(true);
		expect(cites('C10', TT03, { clause: tt03Point(2, 'a') })).toBe(true);
		expect(cites('C10', ND118, { article: 'Điều 8' })).toBe(true);
		expect(cites('E1', ND118, { article: 'Điều 8' })).toBe(true);
		expect(cites('E2', TT03, { clause: tt03Point(2, 'd') })).toBe(true);
	});

	it('adds the observable candidate items of the mapping with their bases', () => {
		expect(item('C18').text).toMatch(/không phụ thuộc địa giới hành chính/); // N1
		expect(cites('C18', ND118, {})).toBe(true);
		expect(cites('C19', TT03, { clause: tt03Point(2, 'a') })).toBe(true); // N2
		expect(item('C19').text).toMatch(/tài khoản định danh điện tử/);
		expect(cites('C20', TT03, { clause: tt03Point(2, 'b') })).toBe(true); // N3
		expect(cites('C21', TT03, { clause: tt03Point(2, 'c') })).toBe(true); // N4
		expect(cites('E8', TT03, { clause: tt03Point(1, 'a') })).toBe(true); // N5
		expect(cites('E9', TT03, { clause: tt03Point(1, 'd') })).toBe(true); // N6
		expect(cites('E10', TT03, { clause: tt03Point(1, 'đ') })).toBe(true); // N6
		expect(cites('B16', ND118, { article: 'Điều 1' })).toBe(true); // N8
		expect(item('B16').text).toMatch(/Trung tâm Phục vụ hành chính công/);
	});

	it('invents no article: Nghị định 118 only at the articles the mapping gives, Thông tư 03 at none', () => {
		for (const { itemId, ref } of refs) {
			if (ref.document === ND118) expect([undefined, 'Điều 1', 'Điều 8'], itemId).toContain(ref.article);
			if (ref.document === TT03) expect(ref.article, itemId).toBeUndefined();
		}
		// The article of NĐ 118 on prohibited acts was not read: "5 không" keeps only its old floor.
		for (const id of ['D9', 'D10', 'D14'])
			expect(
				item(id).legal.map((r) => r.document),
				id
			).not.toContain(ND118);
		// The apology form of TT 03 is an unverified lead: not cited.
		for (const { ref } of refs) expect(`${ref.document} ${ref.article ?? ''} ${ref.clause ?? ''}`).not.toMatch(/03\/2025.*Mẫu/);
	});

	it('names the bodies and the system as the 2025 texts do', () => {
		for (const i of items) {
			const words = [i.text, i.remediation.text, i.guidance ?? ''].join(' ');
			// B16 quotes the old sign to be taken down.
			if (i.id !== 'B16') expect(words, i.id).not.toMatch(/Bộ phận Một cửa|Bộ phận Tiếp nhận và Trả kết quả/);
			expect(words, i.id).not.toMatch(/Hệ thống thông tin một cửa điện tử|phần mềm một cửa/);
		}
		expect(t.name).toMatch(/Trung tâm Phục vụ hành chính công cấp xã, cấp tỉnh/);
		expect(item('E2').text).toMatch(/Hệ thống thông tin giải quyết thủ tục hành chính/);
	});

	it('checks late dossiers once, in the dossier section E, which is on by default', () => {
		expect(byId.has('C11')).toBe(false);
		const apology = items.filter((i) => /xin lỗi/i.test(i.text) && i.group !== '4 xin');
		expect(apology.map((i) => i.id)).toEqual(['E3', 'E5']);
		const e = t.sections.find((s) => s.id === 'E');
		expect(e?.enabledByDefault).toBe(true);
		for (const s of t.sections) expect(s.enabledByDefault, s.id).toBe(true);
	});

	it('asks one thing per item: the compound items of version 1 are split', () => {
		for (const i of items) expect(i.text, i.id).not.toMatch(/;/);
		const splits: [string, RegExp][] = [
			['A7', /hồ sơ mẫu/],
			['A11', /mẫu đơn, tờ khai/],
			['A9', /hài lòng/],
			['A12', /kết quả giải quyết hồ sơ/],
			['A10', /trực tuyến/],
			['A13', /bưu chính công ích/],
			['C1', /trực đầy đủ/],
			['C13', /thay thế/],
			['C4', /thuốc lá/],
			['C15', /rượu, bia/],
			['C10', /Hướng dẫn/],
			['C16', /một lần/],
			['C17', /ngoài quy định/],
			['E3', /xin lỗi/],
			['E5', /01 ngày/],
			['E6', /một lần/]
		];
		for (const [id, words] of splits) expect(item(id).text, id).toMatch(words);
	});

	it('answers per officer only what one visit can observe; misconduct is checked from records', () => {
		for (const id of ['D11', 'D12', 'D13']) expect(byId.has(id), id).toBe(false);
		for (const i of items.filter((x) => x.id.startsWith('D'))) expect(i.observable, i.id).toBe(true);
		expect(item('D14')).toMatchObject({ perOfficer: true, observable: true, critical: true, group: '5 không' });
		expect(item('E7')).toMatchObject({ perOfficer: false, critical: true });
		expect(item('E7').text).toMatch(/tham nhũng/);
	});

	it('gives every item an English text, and guidance in both languages when it has any', () => {
		for (const i of items) {
			expect(i.textEn, i.id).toBeTruthy();
			expect(Boolean(i.guidance), i.id).toBe(Boolean(i.guidanceEn));
		}
	});

	it('carries its scoring as data: method, bands with labels, cap, grade threshold, no 2018 index', () => {
		expect(t.grading.method.id).toBe('weighted-pass-share');
		expect(t.grading.bands.map((b) => [b.label, b.labelEn])).toEqual([
			['Tốt', 'Good'],
			['Khá', 'Fair'],
			['Trung bình', 'Average'],
			['Kém', 'Poor']
		]);
		expect(t.grading.criticalCap).toBe('trung-binh');
		expect(t.grading.minCheckedShare).toBe(0.8);
		// Chỉ số 6 belonged to the scoring tool of Thông tư 01/2018; no 2025 counterpart was found.
		expect(t.grading.publicPostingIndex).toBeNull();
	});
});
