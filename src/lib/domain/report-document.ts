/**
 * The periodic report as an administrative document ("Báo cáo kết quả kiểm tra …"), laid out as
 * Nghị định 30/2020/NĐ-CP lays out a báo cáo: issuing body and quốc hiệu side by side, số/ký
 * hiệu left blank for the văn thư, place and date, title, body, nơi nhận and the signature block.
 *
 * One pure model read by both renderings — the printable A4 page (browser, print to PDF) and the
 * DOCX (server, `docx`) — so the two always say the same thing. Its words are Vietnamese whatever
 * the screen's language: it is an official document of a Vietnamese body, like the record.
 * Numbers come from `PeriodReport` (domain/reports.ts) only.
 */
import { formatAverage, type VoiceSide } from './citizen-voice';
import { formatDate } from './dates';
import { sipasFactors } from './questionnaire';
import { SIPAS_FACTOR_WORDS } from './record-text';
import type { PeriodReport, ReportFigures, ReportPeriod } from './reports';

export interface DocumentTable {
	header: string[];
	rows: string[][];
	/** Columns holding numbers (right-aligned). */
	numeric: number[];
}

export interface DocumentSection {
	heading: string;
	paragraphs: string[];
	table?: DocumentTable;
}

export interface ReportDocument {
	/** Cơ quan chủ quản (upper line) and cơ quan ban hành (bold line), upper case. */
	issuer: { parent: string; name: string };
	nationalTitle: string;
	motto: string;
	/** "Số:      /BC-SNV": the number is the văn thư's to give. */
	number: string;
	/** "Hà Nội, ngày 06 tháng 12 năm 2026". */
	placeDate: string;
	title: string;
	subtitle: string;
	sections: DocumentSection[];
	recipients: string[];
	signer: { authority: string; title: string };
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "quý III năm 2026", "6 tháng đầu năm 2026", "9 tháng năm 2026", "năm 2026", "từ ngày … đến ngày …". */
export function periodPhrase(p: ReportPeriod): string {
	switch (p.kind) {
		case 'quarter':
			return `quý ${ROMAN[p.quarter - 1]} năm ${p.year}`;
		case 'half':
			return `6 tháng ${p.half === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
		case 'nine-months':
			return `9 tháng năm ${p.year}`;
		case 'year':
			return `năm ${p.year}`;
		case 'custom':
			return `từ ngày ${formatDate(p.start)} đến ngày ${formatDate(p.end)}`;
	}
}

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const count = (n: number) => numberFormat.format(n);
const percent = (share: number | null) => (share === null ? '—' : `${numberFormat.format(share * 100)}%`);
const signed = (n: number | null, unit = '') => (n === null ? '—' : `${n > 0 ? '+' : ''}${numberFormat.format(n)}${unit}`);

/** "Thành phố Hà Nội" → "Hà Nội": the place line names the place, not its rank. */
const placeOf = (provinceName: string) => provinceName.replace(/^(Thành phố|Tỉnh)\s+/, '');

function placeDate(provinceName: string, today: string): string {
	const [y, m, d] = today.split('-');
	return `${placeOf(provinceName)}, ngày ${d} tháng ${m} năm ${y}`;
}

function coverageParagraph(t: ReportFigures, period: string, oneUnit: boolean): string {
	const planned = !t.planned
		? ''
		: ` Theo kế hoạch có ${count(t.planned)} cuộc kiểm tra trong kỳ, đã thực hiện ${count(t.plannedDone ?? 0)} cuộc (${percent(
				t.planned > 0 ? (t.plannedDone ?? 0) / t.planned : null
			)}).`;
	const where = oneUnit ? '' : ` tại ${count(t.unitsVisited)}/${count(t.units)} đơn vị (độ bao phủ ${percent(t.coverage)})`;
	return `Trong ${period.startsWith('từ') ? `thời gian ${period}` : period}, đã thực hiện ${count(t.done)} cuộc kiểm tra${where}; điểm bình quân đạt ${percent(t.averageScore)}.${planned}`;
}

function findingsParagraph(t: ReportFigures): string {
	return (
		`Qua kiểm tra phát hiện ${count(t.findings)} tồn tại, hạn chế, trong đó ${count(t.criticalFindings)} tồn tại nghiêm trọng ` +
		`(${count(t.inspectionsWithCritical)} cuộc kiểm tra có tồn tại nghiêm trọng); ${count(t.repeatFindings)} tồn tại lặp lại so với lần kiểm tra trước của cùng đơn vị.`
	);
}

function fixesParagraph(t: ReportFigures): string {
	return (
		`Đến ngày báo cáo: ${count(t.fixes.onTime)} tồn tại đã khắc phục đúng hạn, ${count(t.fixes.late)} khắc phục quá hạn, ` +
		`${count(t.fixes.overdue)} đã quá hạn nhưng chưa khắc phục, ${count(t.fixes.pending)} còn trong hạn khắc phục.`
	);
}

function comparisonTable(r: PeriodReport, previous: string): DocumentTable {
	const row = (label: string, now: number | null, before: number | null, asPercent = false): string[] =>
		asPercent
			? [label, percent(now), percent(before), now === null || before === null ? '—' : signed((now - before) * 100, ' điểm %')]
			: [
					label,
					now === null ? '—' : count(now),
					before === null ? '—' : count(before),
					now === null || before === null ? '—' : signed(now - before)
				];
	return {
		header: ['Chỉ tiêu', 'Kỳ này', previous, 'Tăng/giảm'],
		numeric: [1, 2, 3],
		rows: [
			row('Số cuộc kiểm tra', r.totals.done, r.previousTotals.done),
			row('Điểm bình quân', r.totals.averageScore, r.previousTotals.averageScore, true),
			row('Số tồn tại, hạn chế', r.totals.findings, r.previousTotals.findings),
			row('Tồn tại nghiêm trọng', r.totals.criticalFindings, r.previousTotals.criticalFindings),
			row('Tồn tại lặp lại', r.totals.repeatFindings, r.previousTotals.repeatFindings)
		]
	};
}

function unitsTable(r: PeriodReport): DocumentTable {
	return {
		header: ['Xếp hạng', 'Đơn vị', 'Số cuộc', 'Điểm bình quân', 'Tồn tại', 'Nghiêm trọng', 'Quá hạn chưa khắc phục'],
		numeric: [0, 2, 3, 4, 5, 6],
		rows: r.units
			.filter((u) => u.figures.done > 0)
			.map((u) => [
				u.rank === null ? '—' : String(u.rank),
				u.unitName,
				count(u.figures.done),
				percent(u.figures.averageScore),
				count(u.figures.findings),
				count(u.figures.criticalFindings),
				count(u.figures.fixes.overdue)
			])
	};
}

/** "Ý kiến người dân": respondents and averages per SIPAS factor beside the findings, with the previous period. */
function voiceSection(r: PeriodReport, numeral: string): DocumentSection {
	const [now, before] = [r.voice.totals, r.voice.previousTotals];
	const respondents = now.interviews.respondents + now.point.respondents;
	const flood =
		now.flooded > 0 ? ` Có ${count(now.flooded)} phiếu gửi dồn dập bất thường tại điểm góp ý được tách riêng, không tính vào điểm.` : '';
	const average = (side: VoiceSide, source: 'interviews' | 'point', f: (typeof sipasFactors)[number]) =>
		formatAverage(side[source].factors[f]);
	return {
		heading: `${numeral}. Ý KIẾN NGƯỜI DÂN`,
		paragraphs: [
			respondents === 0 && now.flooded === 0
				? 'Trong kỳ chưa có ý kiến người dân qua phỏng vấn hoặc điểm góp ý.'
				: `Trong kỳ, ${count(now.interviews.respondents)} người dân được phỏng vấn trong các buổi kiểm tra và ${count(now.point.respondents)} phiếu ý kiến được gửi tại điểm góp ý của Bộ phận Một cửa (kỳ trước: ${count(before.interviews.respondents)} và ${count(before.point.respondents)}).${flood}`,
			'Điểm trung bình theo thang 1–5 (5 là rất hài lòng), bên cạnh số tồn tại phát hiện qua kiểm tra thuộc cùng yếu tố. Dưới 10 người trả lời là mẫu nhỏ: ghi kèm số người trả lời (n = …), không dùng để so sánh, xếp hạng. Ý kiến bằng chữ của người dân được xử lý như phản ánh, kiến nghị, không nêu trong báo cáo.'
		],
		table: {
			header: ['Yếu tố SIPAS', 'Phỏng vấn', 'Điểm góp ý', 'Tồn tại', 'Kỳ trước: phỏng vấn', 'Kỳ trước: điểm góp ý', 'Kỳ trước: tồn tại'],
			numeric: [1, 2, 3, 4, 5, 6],
			rows: sipasFactors.map((f) => [
				`${f} — ${SIPAS_FACTOR_WORDS[f]}`,
				average(now, 'interviews', f),
				average(now, 'point', f),
				count(now.failedItems[f]),
				average(before, 'interviews', f),
				average(before, 'point', f),
				count(before.failedItems[f])
			])
		}
	};
}

/**
 * Who signs: the province's Sở Nội vụ (a supervisor's or admin's report, on the province or on
 * one unit of it) or the unit's own People's Committee (a ward reporting on itself).
 */
export type DocumentIssuer = 'province' | 'unit';

/** The document for a report; `today` (YYYY-MM-DD) dates it, the report's own day by default. */
export function reportDocument(r: PeriodReport, issuedBy: DocumentIssuer, today: string = r.today): ReportDocument {
	const ward = issuedBy === 'unit' && r.scope.kind === 'unit';
	const period = periodPhrase(r.period);
	const previous = periodPhrase(r.previousPeriod);
	const provinceUpper = r.scope.provinceName.toUpperCase();
	const issuer =
		ward && r.scope.kind === 'unit'
			? { parent: `UBND ${provinceUpper}`, name: `UBND ${r.scope.unitName.toUpperCase()}` }
			: { parent: `UBND ${provinceUpper}`, name: 'SỞ NỘI VỤ' };
	const subject = r.scope.kind === 'unit' ? `tại ${r.scope.unitName}` : `trên địa bàn ${r.scope.provinceName}`;
	const unvisited = r.units.filter((u) => u.figures.done === 0).length;
	const topItems = r.items.slice(0, 5);

	const sections: DocumentSection[] = [
		{
			heading: 'I. KẾT QUẢ KIỂM TRA',
			paragraphs: [
				`1. Kết quả thực hiện: ${coverageParagraph(r.totals, period, r.scope.kind === 'unit')}`,
				`2. Tồn tại, hạn chế: ${findingsParagraph(r.totals)}`,
				`3. Kết quả khắc phục: ${fixesParagraph(r.totals)}`
			],
			table: {
				header: ['Lĩnh vực kiểm tra', 'Số tồn tại', 'Trong đó nghiêm trọng'],
				numeric: [1, 2],
				rows: r.areas.map((a) => [`${a.sectionId}. ${a.title}`, count(a.findings), count(a.criticalFindings)])
			}
		},
		{
			heading: `II. SO SÁNH VỚI KỲ TRƯỚC (${previous.toUpperCase()})`,
			paragraphs: [`Số liệu kỳ này so với kỳ trước (${previous}):`],
			table: comparisonTable(r, previous.charAt(0).toUpperCase() + previous.slice(1))
		}
	];
	if (r.scope.kind === 'province')
		sections.push({
			heading: 'III. KẾT QUẢ THEO ĐƠN VỊ',
			paragraphs: [
				`Xếp hạng theo điểm bình quân của các đơn vị được kiểm tra trong kỳ.${unvisited > 0 ? ` Có ${count(unvisited)} đơn vị chưa được kiểm tra trong kỳ.` : ''}`
			],
			table: unitsTable(r)
		});
	sections.push(voiceSection(r, r.scope.kind === 'province' ? 'IV' : 'III'));
	sections.push({
		heading: `${r.scope.kind === 'province' ? 'V' : 'IV'}. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ`,
		paragraphs: [
			topItems.length > 0
				? `Các tồn tại phổ biến nhất: ${topItems.map((i) => `${i.title} (${count(i.findings)})`).join('; ')}.`
				: 'Trong kỳ không phát hiện tồn tại, hạn chế.',
			r.totals.fixes.overdue > 0
				? `Đề nghị các đơn vị khẩn trương khắc phục ${count(r.totals.fixes.overdue)} tồn tại đã quá hạn và báo cáo kết quả bằng văn bản.`
				: 'Đề nghị các đơn vị tiếp tục duy trì, khắc phục các tồn tại đúng thời hạn.'
		]
	});

	return {
		issuer,
		nationalTitle: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
		motto: 'Độc lập - Tự do - Hạnh phúc',
		number: `Số:        /BC-${ward ? 'UBND' : 'SNV'}`,
		placeDate: placeDate(r.scope.provinceName, today),
		title: 'BÁO CÁO',
		subtitle: `Kết quả kiểm tra hoạt động của Bộ phận Một cửa ${subject} ${period}`,
		sections,
		recipients: ward
			? ['UBND tỉnh, thành phố (để b/c);', 'Sở Nội vụ;', 'Lưu: VT.']
			: ['UBND tỉnh, thành phố (để b/c);', 'Bộ Nội vụ (để b/c);', 'UBND các xã, phường;', 'Lưu: VT.'],
		signer: ward ? { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH' } : { authority: '', title: 'GIÁM ĐỐC' }
	};
}

/** Every word of the document in reading order: what a test or a search finds in it. */
export function documentText(d: ReportDocument): string[] {
	return [
		d.issuer.parent,
		d.issuer.name,
		d.nationalTitle,
		d.motto,
		d.number,
		d.placeDate,
		d.title,
		d.subtitle,
		...d.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...(s.table ? [s.table.header, ...s.table.rows].flat() : [])]),
		...d.recipients,
		d.signer.authority,
		d.signer.title
	].filter((t) => t !== '');
}
