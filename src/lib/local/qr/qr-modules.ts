/**
 * One QR code's modules, as the sending screen draws them: error correction M (survives glare
 * and a smudge on the screen) and the standard's 4-module quiet zone.
 */
import { encode } from 'uqr';

export function qrModules(text: string): { size: number; dark: (x: number, y: number) => boolean; path: string } {
	const { data, size } = encode(text, { ecc: 'M', border: 4 });
	let path = '';
	data.forEach((row, y) => row.forEach((on, x) => on && (path += `M${x} ${y}h1v1h-1z`)));
	return { size, dark: (x, y) => data[y]?.[x] === true, path };
}
