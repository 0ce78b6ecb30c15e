/**
 * The encrypted backup file of unsynced work (issue 20, docs/backup.md): a small versioned header,
 * then the content encrypted with AES-256-GCM under a key derived from a passphrase with
 * PBKDF2-HMAC-SHA-256. The header is authenticated too (it is the cipher's additional data), so a
 * changed byte anywhere is found. A 16-byte check value derived from the passphrase tells a wrong
 * passphrase apart from a damaged file, and costs a guesser exactly as much as trying to decrypt.
 *
 * Web Crypto only: the same code runs in the browser and in the node unit tests.
 */

export const MAGIC = 'KTMCBKUP';
export const FORMAT_VERSION = 1;
const KDF_PBKDF2_SHA256 = 1;
/** OWASP's figure for PBKDF2-HMAC-SHA-256 (2023): about half a second on a mid-range phone. */
export const DEFAULT_ITERATIONS = 600_000;
/** Beyond these a header is not one this app wrote: refused before any work is done. */
const MIN_ITERATIONS = 1_000;
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_BYTES = 16;
export const HEADER_BYTES = 8 + 1 + 1 + 4 + SALT_BYTES + IV_BYTES + CHECK_BYTES;

export type BackupFileProblem = 'not_a_backup' | 'unsupported_version' | 'wrong_passphrase' | 'damaged';

/** Why a file could not be opened; nothing was changed on the device. */
export class BackupFileError extends Error {
	constructor(readonly code: BackupFileProblem) {
		super(`backup file: ${code}`);
		this.name = 'BackupFileError';
	}
}

interface DerivedKeys {
	key: CryptoKey;
	check: Uint8Array;
}

async function deriveKeys(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<DerivedKeys> {
	const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, [
		'deriveBits'
	]);
	const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 512));
	const key = await crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
	const check = new Uint8Array(await crypto.subtle.digest('SHA-256', bits.slice(32))).slice(0, CHECK_BYTES);
	return { key, check };
}

/** Encrypts `content` into a backup file's bytes. Fresh random salt and IV every time. */
export async function sealBackup(
	content: Uint8Array<ArrayBuffer>,
	passphrase: string,
	iterations = DEFAULT_ITERATIONS
): Promise<Uint8Array<ArrayBuffer>> {
	const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
	const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
	const { key, check } = await deriveKeys(passphrase, salt, iterations);
	const header = new Uint8Array(HEADER_BYTES);
	const view = new DataView(header.buffer);
	header.set(new TextEncoder().encode(MAGIC), 0);
	header[8] = FORMAT_VERSION;
	header[9] = KDF_PBKDF2_SHA256;
	view.setUint32(10, iterations);
	header.set(salt, 14);
	header.set(iv, 14 + SALT_BYTES);
	header.set(check, 14 + SALT_BYTES + IV_BYTES);
	const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key, content));
	const file = new Uint8Array(HEADER_BYTES + sealed.byteLength);
	file.set(header, 0);
	file.set(sealed, HEADER_BYTES);
	return file;
}

/**
 * Decrypts a backup file's bytes. Throws BackupFileError: `not_a_backup`, `unsupported_version`,
 * `wrong_passphrase` (the check value differs), `damaged` (the passphrase is right but a byte of
 * the file changed, or the file was cut short).
 */
export async function openBackup(file: Uint8Array<ArrayBuffer>, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
	if (file.byteLength < HEADER_BYTES || new TextDecoder().decode(file.subarray(0, 8)) !== MAGIC) throw new BackupFileError('not_a_backup');
	if (file[8] !== FORMAT_VERSION || file[9] !== KDF_PBKDF2_SHA256) throw new BackupFileError('unsupported_version');
	const header = file.slice(0, HEADER_BYTES);
	const iterations = new DataView(header.buffer).getUint32(10);
	if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) throw new BackupFileError('damaged');
	const salt = header.slice(14, 14 + SALT_BYTES);
	const iv = header.slice(14 + SALT_BYTES, 14 + SALT_BYTES + IV_BYTES);
	const stored = header.slice(14 + SALT_BYTES + IV_BYTES);
	const { key, check } = await deriveKeys(passphrase, salt, iterations);
	if (!check.every((b, i) => b === stored[i])) throw new BackupFileError('wrong_passphrase');
	try {
		return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: header }, key, file.slice(HEADER_BYTES)));
	} catch {
		throw new BackupFileError('damaged');
	}
}
