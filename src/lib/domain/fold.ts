/** Diacritic- and case-insensitive matching for Vietnamese text ("hoan kiem" ~ "Hoàn Kiếm"). */

/** Lower-cases, strips combining marks and maps đ/Đ to d, so typing without tones still matches. */
export function foldVietnamese(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}
