/** Wording of the printed record (biên bản) that is computed, kept pure so it can be tested. */
import { vietnamDate, vietnamTime } from './dates';
import { percent } from './scoring';
import type { SignerRole } from './inspection';
import type { Grading, LegalRef, SipasFactor, Template } from './template';

/** The title's words for the kind of inspection; a record that states none is đột xuất. */
export function inspectionTypeWords(type: 'dot_xuat' | 'dinh_ky' | 'chuyen_de' | undefined): string {
	return { dot_xuat: 'đột xuất', dinh_ky: 'định kỳ', chuyen_de: 'chuyên đề' }[type ?? 'dot_xuat'];
}

/**
 * The record's title and the first words of its subject line: "BIÊN BẢN" / "Kiểm tra đột xuất",
 * or, for a ward's self-inspection, "BIÊN BẢN TỰ KIỂM TRA" / "Tự kiểm tra" — a self-inspection
 * never prints as an inspection team's record.
 */
export function recordTitleWords(doc: { kind?: 'official' | 'self'; inspectionType?: 'dot_xuat' | 'dinh_ky' | 'chuyen_de' }): {
	title: string;
	subject: string;
} {
	if (doc.kind === 'self') return { title: 'BIÊN BẢN TỰ KIỂM TRA', subject: 'Tự kiểm tra' };
	return { title: 'BIÊN BẢN', subject: `Kiểm tra ${inspectionTypeWords(doc.inspectionType)}` };
}

/** A text's date as citations write it: 2025-06-09 → "09/6/2025". */
function citationDate(iso: string): string {
	const [y, m, d] = iso.split('-');
	return `${d}/${Number(m)}/${y}`;
}

/** What a record prints after a basis that is no longer in force. */
export const HISTORICAL_MARK = '(căn cứ đã được thay thế, ghi để đối chiếu)';

/**
 * "Điều 17 khoản 1 điểm b Nghị định 63/2010/NĐ-CP" — how officials cite — followed by the text's
 * date ("ngày 09/6/2025") when the reference carries one, and the historical mark when it is
 * marked historical. References without date or status (version 1) print as they always did.
 */
export function citeLegal(ref: LegalRef): string {
	const cited = [ref.article, ref.clause, ref.document].filter(Boolean).join(' ');
	const dated = ref.date ? `${cited} ngày ${citationDate(ref.date)}` : cited;
	return ref.status === 'historical' ? `${dated} ${HISTORICAL_MARK}` : dated;
}

/** "Mẫu kiểm tra: <name>, phiên bản <version>." — which version the record was made with. */
export function templateVersionLine(template: Pick<Template, 'name' | 'version'>): string {
	return `Mẫu kiểm tra: ${template.name}, phiên bản ${template.version}.`;
}

/**
 * How the version scores, in one sentence: method, grade bands with the province's labels, and
 * the critical cap, e.g. "Cách tính điểm: Tỷ lệ đạt …; xếp loại: Tốt từ 90%, Khá từ 75%,
 * Trung bình từ 50%, Kém dưới 50%; có mục trọng yếu không đạt thì xếp loại không cao hơn Trung bình."
 */
export function scoringLine(grading: Pick<Grading, 'method' | 'bands' | 'criticalCap'>): string {
	const { bands } = grading;
	const bandWords = bands.map((b, i) =>
		b.minScore > 0 || i === 0 ? `${b.label} từ ${percent(b.minScore)}` : `${b.label} dưới ${percent(bands[i - 1]!.minScore)}`
	);
	const cap = bands.find((b) => b.id === grading.criticalCap);
	const capWords = cap ? `; có mục trọng yếu không đạt thì xếp loại không cao hơn ${cap.label}` : '';
	return `Cách tính điểm: ${grading.method.label}; xếp loại: ${bandWords.join(', ')}${capWords}.`;
}

/** The SIPAS factors' names as a record writes them. */
export const SIPAS_FACTOR_WORDS: Record<SipasFactor, string> = {
	TC: 'tiếp cận dịch vụ',
	TT: 'thủ tục hành chính',
	CC: 'công chức',
	KQ: 'kết quả giải quyết',
	PA: 'phản ánh, kiến nghị'
};

/** "Số mục không đạt theo yếu tố SIPAS: tiếp cận dịch vụ 2, …, phản ánh, kiến nghị 0." */
export function sipasLine(counts: Record<SipasFactor, number>): string {
	const parts = (Object.keys(SIPAS_FACTOR_WORDS) as SipasFactor[]).map((f) => `${SIPAS_FACTOR_WORDS[f]} ${counts[f]}`);
	return `Số mục không đạt theo yếu tố của Chỉ số hài lòng (SIPAS): ${parts.join('; ')}.`;
}

/** "ngày 25 tháng 11 năm 2026" from an ISO date or date-time (its date in Vietnam). */
export function vietnameseDate(iso: string): string {
	const [y, m, d] = (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : vietnamDate(iso)).split('-');
	return `ngày ${d} tháng ${m} năm ${y}`;
}

/** "08 giờ 30 phút" from an ISO date-time, on Vietnam's clock. */
export function vietnameseTime(iso: string): string {
	const [h, min] = vietnamTime(iso).split(':');
	return `${h} giờ ${min} phút`;
}

/**
 * What section "Ý kiến của đơn vị" prints: the representative's own words; "Không có ý kiến"
 * only when they chose to say so; otherwise blank lines to be filled by hand. Never a default
 * that words a view (such as agreement) for anyone.
 */
export type UnitOpinionPrint = { kind: 'text'; text: string } | { kind: 'none'; text: string } | { kind: 'blank' };

export function unitOpinionPrint(inspection: { unitOpinion: string; unitNoOpinion?: boolean }): UnitOpinionPrint {
	if (inspection.unitOpinion.trim()) return { kind: 'text', text: inspection.unitOpinion };
	if (inspection.unitNoOpinion) return { kind: 'none', text: 'Không có ý kiến.' };
	return { kind: 'blank' };
}

interface ClosingSignature {
	role: SignerRole;
	refused: boolean;
	signerName: string;
	refusalReason?: string;
	witnessName?: string;
	witnessPosition?: string;
}

const withPosition = (name: string, position?: string) => (position ? `${name}, ${position}` : name);

/**
 * The record's closing sentence, as what happened: everyone signed; the representative refused
 * (with reason and witness); signatures given for an earlier version (void); or not yet signed.
 * `void` is true when any signature does not cover the content printed.
 */
export function closingSentence(signatures: readonly ClosingSignature[], voided: boolean): string {
	const inspector = signatures.find((s) => s.role === 'inspector' && !s.refused);
	const rep = signatures.find((s) => s.role === 'unit_rep');
	if (voided)
		return 'Biên bản đã được sửa đổi sau khi ký: các chữ ký dưới đây được ký cho nội dung trước khi sửa và không xác nhận nội dung này.';
	if (rep?.refused) {
		const witness = rep.witnessName
			? ` Việc từ chối ký có sự chứng kiến của Ông/Bà ${withPosition(rep.witnessName, rep.witnessPosition)}.`
			: '';
		return (
			`Biên bản đã được đọc lại cho các bên cùng nghe. Đại diện đơn vị được kiểm tra, Ông/Bà ${rep.signerName}, ` +
			`từ chối ký biên bản với lý do: ${(rep.refusalReason ?? '').trim().replace(/[.;:,\s]+$/, '')}.${witness}` +
			(inspector ? ' Đại diện Đoàn kiểm tra ký tên dưới đây.' : '')
		);
	}
	if (inspector && rep) return 'Biên bản đã được đọc lại, các bên thống nhất ký tên.';
	return 'Biên bản đã được đọc lại cho các bên cùng nghe.';
}

/**
 * Findings as the record lists them: in the template's order (section, then item within it),
 * whatever order they were created or stored in, so sections 6 and 7 agree with the checklist.
 * Items the template does not know (none should reach a record) go last, by id.
 */
export function inTemplateOrder<F extends { itemId: string }>(findings: readonly F[], template: Pick<Template, 'sections'>): F[] {
	const rank = new Map(template.sections.flatMap((s) => s.items).map((item, n) => [item.id, n]));
	const at = (f: F) => rank.get(f.itemId) ?? Number.MAX_SAFE_INTEGER;
	return [...findings].sort((a, b) => at(a) - at(b) || a.itemId.localeCompare(b.itemId));
}

/**
 * An item's wording in a sentence of the record ("Ưu điểm"): its text without the bracketed
 * asides ("(bảng niêm yết hoặc màn hình điện tử)") that guide the inspector, not the reader.
 */
export function itemShortText(text: string): string {
	const short = text
		.replace(/\s*\([^()]*\)/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	return short.length >= 3 ? short : text.trim();
}

/**
 * The record's number line under "ĐOÀN KIỂM TRA". Final once approved (the server gives the
 * number, unique per province inspection team and year): "Số: 12/BB-ĐKT". Before that the
 * number is left for the office to fill in, followed by a provisional reference — the first 8
 * characters of the record id, the same on every copy and on /verify — so a draft printed
 * offline can still be matched to its record: "Số: ……/BB-ĐKT (số tạm: 1a2b3c4d)".
 */
export function recordNumberLine(inspection: {
	id: string;
	recordNumber?: { number: number; year: number };
	kind?: 'official' | 'self';
}): string {
	// A self-inspection is never approved, so never numbered by the inspection team: the unit numbers it by hand.
	if (inspection.kind === 'self') return `Số: ……/BB-TKT (số tạm: ${inspection.id.slice(0, 8).toLowerCase()})`;
	if (inspection.recordNumber) return `Số: ${inspection.recordNumber.number}/BB-ĐKT`;
	return `Số: ……/BB-ĐKT (số tạm: ${inspection.id.slice(0, 8).toLowerCase()})`;
}
