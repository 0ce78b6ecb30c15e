/** Wording of the printed record (biên bản) that is computed, kept pure so it can be tested. */
import type { LegalRef } from './template';

/** "Điều 17, khoản 1 điểm b Nghị định 63/2010/NĐ-CP" — how officials cite. */
export function citeLegal(ref: LegalRef): string {
	return [ref.article, ref.clause, ref.document].filter(Boolean).join(' ');
}

/** "ngày 25 tháng 11 năm 2026" from an ISO date or date-time (its local date part). */
export function vietnameseDate(iso: string): string {
	const [y, m, d] = iso.slice(0, 10).split('-');
	return `ngày ${d} tháng ${m} năm ${y}`;
}

/** "08 giờ 30 phút" from an ISO date-time, as written in the local time it carries. */
export function vietnameseTime(iso: string): string {
	const hm = iso.slice(11, 16);
	const [h, min] = hm.split(':');
	return `${h} giờ ${min} phút`;
}
