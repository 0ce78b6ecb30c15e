/**
 * Recognises the three image formats the app stores by their first bytes, never by what the
 * client claims: a mislabelled or hostile upload cannot become a stored "photo".
 */
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** Bytes needed to recognise any supported format (WebP's RIFF….WEBP header). */
export const SNIFF_BYTES = 12;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
	bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

export function sniffImageType(head: Uint8Array): ImageMime | null {
	if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
	return null;
}
