import { describe, expect, it } from 'vitest';
import { drawMarks, markFrom, MAX_TEXT } from './annotation';

describe('marks', () => {
	it('a drag makes an arrow or a circle; a tiny slip makes nothing', () => {
		expect(markFrom('arrow', { x: 0, y: 0 }, { x: 50, y: 0 }, 'red', '')).toEqual({
			kind: 'arrow',
			from: { x: 0, y: 0 },
			to: { x: 50, y: 0 },
			colour: 'red'
		});
		expect(markFrom('circle', { x: 10, y: 10 }, { x: 10, y: 40 }, 'red', '')).toMatchObject({ kind: 'circle', centre: { x: 10, y: 10 } });
		expect(markFrom('arrow', { x: 0, y: 0 }, { x: 3, y: 3 }, 'red', '')).toBeNull();
	});

	it('text is placed where tapped, trimmed and kept short; empty text is no mark', () => {
		const long = 'x'.repeat(100);
		expect(markFrom('text', { x: 0, y: 0 }, { x: 5, y: 6 }, 'red', `  ${long} `)).toEqual({
			kind: 'text',
			at: { x: 5, y: 6 },
			text: 'x'.repeat(MAX_TEXT),
			colour: 'red'
		});
		expect(markFrom('text', { x: 0, y: 0 }, { x: 5, y: 6 }, 'red', '   ')).toBeNull();
	});

	it('draws each mark with its colour, text outlined for contrast', () => {
		const calls: string[] = [];
		const target: Record<string, unknown> = {};
		const ctx = new Proxy(target, {
			get:
				(_t, name: string) =>
				(...args: unknown[]) =>
					calls.push(`${name}(${args.join(',')})`),
			set: (_t, name: string, value) => {
				calls.push(`${name}=${String(value)}`);
				return true;
			}
		});
		drawMarks(
			ctx as unknown as CanvasRenderingContext2D,
			[
				{ kind: 'circle', centre: { x: 100, y: 100 }, edge: { x: 130, y: 140 }, colour: '#e11d48' },
				{ kind: 'text', at: { x: 5, y: 5 }, text: 'Thiếu niêm yết', colour: '#ffffff' }
			],
			1600,
			1200
		);
		expect(calls).toContain('arc(100,100,50,0,' + 2 * Math.PI + ')');
		expect(calls).toContain('strokeStyle=#000000');
		expect(calls).toContain('fillText(Thiếu niêm yết,5,5)');
	});
});
