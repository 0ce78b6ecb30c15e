/**
 * Two UI languages: Vietnamese (default, full diacritics) and English. Strings are written
 * inline as tr('Tiếng Việt', 'English') so the Vietnamese a reader sees in the code is what
 * the inspector sees on screen.
 */
export type Lang = 'vi' | 'en';
const KEY = 'kiem-tra-mot-cua:lang';

class Language {
	current = $state<Lang>('vi');
	constructor() {
		if (typeof localStorage !== 'undefined' && localStorage.getItem(KEY) === 'en') this.current = 'en';
	}
	set(lang: Lang) {
		this.current = lang;
		localStorage.setItem(KEY, lang);
		document.documentElement.lang = lang;
	}
}

export const language = new Language();

export function tr(vi: string, en: string): string {
	return language.current === 'en' ? en : vi;
}

/** Date and time as officials write them: 25/11/2026 08:30. */
export function formatDateTime(iso: string | null | undefined): string {
	if (!iso) return '—';
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a parsed timestamp, formatted and dropped
	const d = new Date(iso);
	return d.toLocaleString('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(isoDate: string | null | undefined): string {
	if (!isoDate) return '—';
	const [y, m, d] = isoDate.slice(0, 10).split('-');
	return `${d}/${m}/${y}`;
}
