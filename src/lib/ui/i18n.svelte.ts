/**
 * Two UI languages: Vietnamese (default, full diacritics) and English. Every user-visible
 * string is a Paraglide message in src/lib/i18n/messages/{vi,en}.json, called as m.key(params);
 * a wrong key is a type error. The language lives in a rune, and Paraglide's getLocale reads it,
 * so every message in a template re-renders when the user switches language.
 */
import { overwriteGetLocale, type Locale } from '$lib/paraglide/runtime.js';

export { m } from '$lib/paraglide/messages.js';

export type Lang = Locale;
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
overwriteGetLocale(() => language.current);

/**
 * Bilingual template data (checklist wording, section titles, score bands) is versioned with
 * the template, not a message: pick the English field when there is one.
 */
export function localized(vi: string, en: string | undefined): string {
	return language.current === 'en' ? (en ?? vi) : vi;
}
