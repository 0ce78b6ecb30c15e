import { describe, expect, it } from 'vitest';
import { defaultTemplate } from '$lib/templates';
import {
	citeLegal,
	closingSentence,
	inspectionTypeWords,
	recordTitleWords,
	recordNumberLine,
	scoringLine,
	sipasLine,
	templateVersionLine,
	inTemplateOrder,
	itemShortText,
	unitOpinionPrint,
	vietnameseDate,
	vietnameseTime
} from './record-text';

describe('record wording', () => {
	it('cites article, clause, document in the usual order', () => {
		expect(citeLegal({ document: 'Nghị định 63/2010/NĐ-CP', article: 'Điều 17', clause: 'khoản 1 điểm b' })).toBe(
			'Điều 17 khoản 1 điểm b Nghị định 63/2010/NĐ-CP'
		);
		expect(citeLegal({ document: 'Chỉ thị 26/CT-TTg' })).toBe('Chỉ thị 26/CT-TTg');
	});
	it("adds the text's date, and marks a basis that is no longer in force", () => {
		expect(citeLegal({ document: 'Nghị định 118/2025/NĐ-CP', date: '2025-06-09', article: 'Điều 8', status: 'in_force' })).toBe(
			'Điều 8 Nghị định 118/2025/NĐ-CP ngày 09/6/2025'
		);
		expect(
			citeLegal({ document: 'Nghị định 61/2018/NĐ-CP', date: '2018-04-23', article: 'Điều 19', clause: 'khoản 9', status: 'historical' })
		).toBe('Điều 19 khoản 9 Nghị định 61/2018/NĐ-CP ngày 23/4/2018 (căn cứ đã được thay thế, ghi để đối chiếu)');
	});
	it('prints the bases of version 1, which carry neither date nor status, exactly as before', () => {
		for (const ref of defaultTemplate.sections.flatMap((s) => s.items).flatMap((i) => i.legal))
			expect(citeLegal(ref)).toBe([ref.article, ref.clause, ref.document].filter(Boolean).join(' '));
	});
	it('says which template version and which scoring the record used', () => {
		expect(templateVersionLine({ name: 'Mẫu mặc định', version: '2026.1' })).toBe('Mẫu kiểm tra: Mẫu mặc định, phiên bản 2026.1.');
		const grading = {
			method: { id: 'weighted-pass-share' as const, label: 'Tỷ lệ đạt có trọng số' },
			bands: [
				{ id: 'tot', label: 'Tốt', minScore: 0.9 },
				{ id: 'kha', label: 'Khá', minScore: 0.725 },
				{ id: 'kem', label: 'Kém', minScore: 0 }
			],
			criticalCap: 'kha'
		};
		expect(scoringLine(grading)).toBe(
			'Cách tính điểm: Tỷ lệ đạt có trọng số; xếp loại: Tốt từ 90%, Khá từ 72,5%, Kém dưới 72,5%; có mục trọng yếu không đạt thì xếp loại không cao hơn Khá.'
		);
	});
	it('lists failed items per SIPAS factor, every factor named', () => {
		expect(sipasLine({ TC: 1, TT: 0, CC: 3, KQ: 0, PA: 2 })).toBe(
			'Số mục không đạt theo yếu tố của Chỉ số hài lòng (SIPAS): tiếp cận dịch vụ 1; thủ tục hành chính 0; công chức 3; kết quả giải quyết 0; phản ánh, kiến nghị 2.'
		);
	});
	it('writes dates and times the Vietnamese administrative way', () => {
		expect(vietnameseDate('2026-11-25T08:30:00+07:00')).toBe('ngày 25 tháng 11 năm 2026');
		expect(vietnameseTime('2026-11-25T08:30:00+07:00')).toBe('08 giờ 30 phút');
	});
});

describe("the unit's view and the closing sentence say what happened", () => {
	it('prints the view as given, "Không có ý kiến" only when chosen, otherwise blank lines', () => {
		expect(unitOpinionPrint({ unitOpinion: 'Đơn vị sẽ khắc phục', unitNoOpinion: false })).toEqual({
			kind: 'text',
			text: 'Đơn vị sẽ khắc phục'
		});
		expect(unitOpinionPrint({ unitOpinion: '', unitNoOpinion: true })).toEqual({ kind: 'none', text: 'Không có ý kiến.' });
		expect(unitOpinionPrint({ unitOpinion: '  ' })).toEqual({ kind: 'blank' });
	});

	const inspector = { role: 'inspector' as const, refused: false, signerName: 'Nguyễn Văn An' };
	const rep = { role: 'unit_rep' as const, refused: false, signerName: 'Trần Thị Bình' };
	const refusal = {
		role: 'unit_rep' as const,
		refused: true,
		signerName: 'Trần Thị Bình',
		refusalReason: 'Không đồng ý mục A1.',
		witnessName: 'Lê Văn Chứng',
		witnessPosition: 'Công chức'
	};

	it('says the parties agreed and signed only when both signed', () => {
		expect(closingSentence([inspector, rep], false)).toBe('Biên bản đã được đọc lại, các bên thống nhất ký tên.');
		expect(closingSentence([inspector], false)).not.toMatch(/thống nhất/);
	});

	it('states a refusal with its reason and witness, never agreement', () => {
		const text = closingSentence([inspector, refusal], false);
		expect(text).toContain('từ chối ký biên bản với lý do: Không đồng ý mục A1.');
		expect(text).toContain('có sự chứng kiến của Ông/Bà Lê Văn Chứng, Công chức');
		expect(text).not.toMatch(/thống nhất/);
	});

	it('says the signatures do not cover the content when it changed after signing', () => {
		expect(closingSentence([inspector, rep], true)).toMatch(/không xác nhận nội dung này/);
	});
});

describe('the record lists items as the checklist does', () => {
	const template = {
		sections: [{ items: [{ id: 'A1' }, { id: 'A2' }, { id: 'A10' }] }, { items: [{ id: 'B1' }, { id: 'B2' }] }]
	} as unknown as Parameters<typeof inTemplateOrder>[1];

	it('orders findings by section, then by the item order in the template, not by id or creation', () => {
		const made = [{ itemId: 'B1' }, { itemId: 'A10' }, { itemId: 'A2' }, { itemId: 'B2' }, { itemId: 'A1' }];
		expect(inTemplateOrder(made, template).map((f) => f.itemId)).toEqual(['A1', 'A2', 'A10', 'B1', 'B2']);
		expect(made[0]!.itemId).toBe('B1');
	});
	it('puts an item the template does not know last', () => {
		expect(inTemplateOrder([{ itemId: 'Z9' }, { itemId: 'B2' }], template).map((f) => f.itemId)).toEqual(['B2', 'Z9']);
	});
	it('words an item without the bracketed asides meant for the inspector', () => {
		expect(itemShortText('Niêm yết đầy đủ danh mục TTHC tại Bộ phận Một cửa (bảng niêm yết hoặc màn hình điện tử)')).toBe(
			'Niêm yết đầy đủ danh mục TTHC tại Bộ phận Một cửa'
		);
		expect(itemShortText('Đủ ghế ngồi chờ')).toBe('Đủ ghế ngồi chờ');
	});
});

describe('the title names the kind of inspection', () => {
	it('is đột xuất unless the record states another kind', () => {
		expect(inspectionTypeWords(undefined)).toBe('đột xuất');
		expect(inspectionTypeWords('dinh_ky')).toBe('định kỳ');
		expect(inspectionTypeWords('chuyen_de')).toBe('chuyên đề');
	});
	it('says "tự kiểm tra" on a self-inspection, whatever type it states, and never numbers it as the team\'s', () => {
		expect(recordNumberLine({ id: '0190F3A0-0000-7000-8000-000000000001', kind: 'self' })).toBe('Số: ……/BB-TKT (số tạm: 0190f3a0)');
		expect(recordTitleWords({})).toEqual({ title: 'BIÊN BẢN', subject: 'Kiểm tra đột xuất' });
		expect(recordTitleWords({ kind: 'official', inspectionType: 'dinh_ky' })).toEqual({ title: 'BIÊN BẢN', subject: 'Kiểm tra định kỳ' });
		expect(recordTitleWords({ kind: 'self', inspectionType: 'dinh_ky' })).toEqual({
			title: 'BIÊN BẢN TỰ KIỂM TRA',
			subject: 'Tự kiểm tra'
		});
	});
});

describe('the record number', () => {
	it('prints the final number once the server gave one', () => {
		expect(recordNumberLine({ id: '1A2B3C4D-0000-4000-8000-000000000000', recordNumber: { number: 12, year: 2026 } })).toBe(
			'Số: 12/BB-ĐKT'
		);
	});
	it('leaves the number blank with a provisional reference before approval', () => {
		expect(recordNumberLine({ id: '1A2B3C4D-0000-4000-8000-000000000000' })).toBe('Số: ……/BB-ĐKT (số tạm: 1a2b3c4d)');
	});
});
