// Draws the app icons (a white tick on a clipboard-blue field) as PNGs with no image library.
// Run by hand when the icon changes: node scripts/make-icons.js
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
const crc32 = (buf) => {
	let c = 0xffffffff;
	for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
	const raw = Buffer.alloc((size * 4 + 1) * size);
	for (let y = 0; y < size; y++) {
		raw[y * (size * 4 + 1)] = 0;
		for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8;
	ihdr[9] = 6;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0))
	]);
}
function distToSegment(px, py, ax, ay, bx, by) {
	const dx = bx - ax, dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
// maskable: the tick stays inside the 80% safe zone; the field fills the whole square.
function icon(maskable) {
	return (u, v) => {
		const r = maskable ? 0 : 0.18;
		const cx = Math.min(Math.max(u, r), 1 - r), cy = Math.min(Math.max(v, r), 1 - r);
		if (Math.hypot(u - cx, v - cy) > r) return [0, 0, 0, 0];
		const s = maskable ? 0.62 : 0.8;
		const x = 0.5 + (u - 0.5) / s, y = 0.5 + (v - 0.5) / s;
		const d = Math.min(distToSegment(x, y, 0.27, 0.52, 0.43, 0.68), distToSegment(x, y, 0.43, 0.68, 0.74, 0.33));
		return d < 0.065 ? [255, 255, 255, 255] : [11, 79, 138, 255];
	};
}
writeFileSync('static/icons/icon-192.png', png(192, icon(false)));
writeFileSync('static/icons/icon-512.png', png(512, icon(false)));
writeFileSync('static/icons/maskable-512.png', png(512, icon(true)));
writeFileSync('static/icons/apple-touch-icon.png', png(180, icon(true)));
console.log('icons written');
