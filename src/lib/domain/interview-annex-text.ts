/**
 * Wording of the record's annex "Phụ lục: Ý kiến người dân" (issue 19), computed and pure so it
 * can be tested. Part of the Vietnamese legal document, like record-text.ts: not translated.
 * It prints aggregates only — never a respondent's answers, facts or words.
 */
import { SMALL_SAMPLE } from './questionnaire';
import type { AnnexFactor, InterviewAnnex } from './interview';
import { SIPAS_FACTOR_WORDS } from './record-text';

/** 4.333 → "4,33": two decimals at most, with the Vietnamese decimal comma. */
export const vietnameseMean = (mean: number): string => String(Math.round(mean * 100) / 100).replace('.', ',');

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One factor's line: "Tiếp cận dịch vụ: 4,33/5 (n = 3, mẫu nhỏ dưới 10 người, chỉ để tham khảo)".
 * A factor nobody answered says so instead of printing a zero.
 */
export function annexFactorLine(f: AnnexFactor): string {
	const name = capitalised(SIPAS_FACTOR_WORDS[f.factor]);
	if (f.mean === null || f.n === 0) return `${name}: chưa có người trả lời.`;
	const note = f.smallSample ? `, mẫu nhỏ dưới ${SMALL_SAMPLE} người, chỉ để tham khảo` : '';
	return `${name}: ${vietnameseMean(f.mean)}/5 (n = ${f.n}${note}).`;
}

/** "Số người được hỏi ý kiến: 3 (phỏng vấn tại Bộ phận Một cửa trong buổi kiểm tra)." */
export function annexRespondentsLine(annex: Pick<InterviewAnnex, 'respondents'>): string {
	return `Số người được hỏi ý kiến: ${annex.respondents} (phỏng vấn trực tiếp tại nơi tiếp nhận trong buổi kiểm tra, không ghi thông tin cá nhân).`;
}

/** "Có công chức nào gợi ý, đòi hỏi tiền…?: 1 người." — how many answered a critical question critically. */
export const annexCriticalLine = (c: { text: string; count: number }): string => `${c.text.replace(/\s*[.?]$/, '')}: ${c.count} người.`;

/** What the annex says of the critical answers as a whole. */
export function annexCriticalSummary(annex: Pick<InterviewAnnex, 'critical' | 'respondentsWithCritical'>): string {
	if (annex.critical.length === 0) return 'Không có câu trả lời nào thuộc nhóm cần lưu ý.';
	return `Số người có ít nhất một câu trả lời cần lưu ý: ${annex.respondentsWithCritical}. Chi tiết theo câu hỏi:`;
}
