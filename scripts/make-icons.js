// Draws the app icons (a white tick on a clipboard-blue field) as PNGs with no image library.
// Run by hand when the icon changes: node scripts/make-icons.js
import { writeFileSync } from 'node:fs';
import { encodePng } from './lib/png.js';

function distToSegment(px, py, ax, ay, bx, by) {
	const dx = bx - ax,
		dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
// maskable: the tick stays inside the 80% safe zone; the field fills the whole square.
function icon(maskable) {
	return (u, v) => {
		const r = maskable ? 0 : 0.18;
		const cx = Math.min(Math.max(u, r), 1 - r),
			cy = Math.min(Math.max(v, r), 1 - r);
		if (Math.hypot(u - cx, v - cy) > r) return [0, 0, 0, 0];
		const s = maskable ? 0.62 : 0.8;
		const x = 0.5 + (u - 0.5) / s,
			y = 0.5 + (v - 0.5) / s;
		const d = Math.min(distToSegment(x, y, 0.27, 0.52, 0.43, 0.68), distToSegment(x, y, 0.43, 0.68, 0.74, 0.33));
		return d < 0.065 ? [255, 255, 255, 255] : [11, 79, 138, 255];
	};
}
writeFileSync('static/icons/icon-192.png', encodePng(192, 192, icon(false)));
writeFileSync('static/icons/icon-512.png', encodePng(512, 512, icon(false)));
writeFileSync('static/icons/maskable-512.png', encodePng(512, 512, icon(true)));
writeFileSync('static/icons/apple-touch-icon.png', encodePng(180, 180, icon(true)));
console.log('icons written');
