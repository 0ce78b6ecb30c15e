import { describe, expect, it } from 'vitest';
import { FIT, clampPan, panBy, swipeDirection, toggleZoom, zoomAt } from './zoom';

const box = { w: 400, h: 300 };

describe('viewer zoom', () => {
	it('keeps the point under the fingers in place while zooming', () => {
		const v = zoomAt(FIT, 2, 100, 50, box);
		expect(v.scale).toBe(2);
		// The point at (100, 50) on screen was picture point (100, 50); now it is x + 2·100.
		expect(v.x + 2 * 100).toBe(100);
		expect(v.y + 2 * 50).toBe(50);
	});

	it('never zooms out past the whole picture nor in past five times', () => {
		expect(zoomAt(FIT, 0.5, 0, 0, box)).toEqual(FIT);
		expect(zoomAt(FIT, 100, 0, 0, box).scale).toBe(5);
	});

	it('pans only as far as the zoomed picture reaches, and not at all unzoomed', () => {
		expect(panBy(FIT, 80, 40, box)).toEqual(FIT);
		expect(panBy({ scale: 2, x: 0, y: 0 }, 1000, -1000, box)).toEqual({ scale: 2, x: 200, y: -150 });
		expect(clampPan({ scale: 3, x: 10, y: 10 }, box)).toEqual({ scale: 3, x: 10, y: 10 });
	});

	it('a double tap zooms in about the tap and a second one shows the whole picture', () => {
		const zoomed = toggleZoom(FIT, 40, 20, box);
		expect(zoomed.scale).toBe(2.5);
		expect(toggleZoom(zoomed, 0, 0, box)).toEqual(FIT);
	});

	it('a long horizontal swipe goes to the next or previous photo; a short or vertical one does not', () => {
		expect(swipeDirection(-120, 10, 400)).toBe(1);
		expect(swipeDirection(120, 10, 400)).toBe(-1);
		expect(swipeDirection(-20, 0, 400)).toBe(0);
		expect(swipeDirection(-80, 200, 400)).toBe(0);
	});
});
