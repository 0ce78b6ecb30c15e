/**
 * The arithmetic of the full-screen photo viewer: zoom about a point and pan, kept inside the
 * picture. Coordinates are CSS pixels relative to the centre of the viewer's box, the picture
 * drawn with `translate(x, y) scale(scale)` about its centre. Pure, so it is tested without a DOM.
 */
export interface ZoomView {
	scale: number;
	x: number;
	y: number;
}

export const MIN_SCALE = 1;
export const MAX_SCALE = 5;
/** The zoom a double tap or the first press of "+" goes to. */
export const STEP_SCALE = 2.5;
export const FIT: ZoomView = { scale: 1, x: 0, y: 0 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps the picture covering the box: no panning past its edges, none at all when not zoomed. */
export function clampPan(v: ZoomView, box: { w: number; h: number }): ZoomView {
	const maxX = ((v.scale - 1) * box.w) / 2;
	const maxY = ((v.scale - 1) * box.h) / 2;
	return { scale: v.scale, x: clamp(v.x, -maxX, maxX) || 0, y: clamp(v.y, -maxY, maxY) || 0 };
}

/** Zooms by `factor` keeping the point (px, py) of the box where it is on screen. */
export function zoomAt(v: ZoomView, factor: number, px: number, py: number, box: { w: number; h: number }): ZoomView {
	const scale = clamp(v.scale * factor, MIN_SCALE, MAX_SCALE);
	const k = scale / v.scale;
	return clampPan({ scale, x: px - k * (px - v.x), y: py - k * (py - v.y) }, box);
}

/** Moves the picture by (dx, dy) screen pixels. */
export const panBy = (v: ZoomView, dx: number, dy: number, box: { w: number; h: number }): ZoomView =>
	clampPan({ scale: v.scale, x: v.x + dx, y: v.y + dy }, box);

/** A double tap: in to STEP_SCALE about the tapped point, or back to the whole picture. */
export const toggleZoom = (v: ZoomView, px: number, py: number, box: { w: number; h: number }): ZoomView =>
	v.scale > 1 ? FIT : zoomAt(v, STEP_SCALE / v.scale, px, py, box);

/** A horizontal swipe of the whole picture: which way to go, or 0 (too short, or mostly vertical). */
export function swipeDirection(dx: number, dy: number, width: number): -1 | 0 | 1 {
	if (Math.abs(dx) < Math.max(48, width * 0.15) || Math.abs(dy) > Math.abs(dx)) return 0;
	return dx < 0 ? 1 : -1;
}
