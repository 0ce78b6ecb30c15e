/**
 * What a new password must be (OWASP ASVS 2.1): at least 12 characters, not the username in
 * any case, and not one of the ~49,000 most common passwords of @zxcvbn-ts/language-common
 * (the list zxcvbn-ts itself uses, MIT, kept up by that project; compared without case).
 * No composition rules: length beats forced digits and symbols, and a passphrase is welcome.
 * Existing hashes are never re-checked; the rules apply when a password is set.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

let common: Set<string> | null = null;

/** True when `password` (case ignored) is in the common-password list. */
export function isCommonPassword(password: string): boolean {
	// Built on first use: the list is 49,000 words and most requests never set a password.
	common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
	return common.has(password.toLowerCase());
}

/** True when the password is the username, case and surrounding spaces ignored. */
export function isUsernamePassword(password: string, username: string): boolean {
	return password.trim().toLowerCase() === username.trim().toLowerCase();
}
