/** Wording of the printed record (biên bản) that is computed, kept pure so it can be tested. */
import { vietnamDate, vietnamTime } from './dates';
import type { LegalRef } from './template';

/** "Điều 17, khoản 1 điểm b Nghị định 63/2010/NĐ-CP" — how officials cite. */
export function citeLegal(ref: LegalRef): string {
	return [ref.article, ref.clause, ref.document].filter(Boolean).join(' ');
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
