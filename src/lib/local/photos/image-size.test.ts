import { describe, expect, it } from 'vitest';
import { fitWithin, sha256Hex } from './image-size';

describe('fitWithin', () => {
	it('brings a 12 MP landscape photo to 1600 px on the long side', () => {
		expect(fitWithin(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 });
	});
	it('keeps portrait orientation', () => {
		expect(fitWithin(3024, 4032, 1600)).toEqual({ width: 1200, height: 1600 });
	});
	it('never enlarges a small image', () => {
		expect(fitWithin(800, 600, 1600)).toEqual({ width: 800, height: 600 });
	});
});

describe('sha256Hex', () => {
	it('hashes bytes as lower-case hex', async () => {
		const bytes = new TextEncoder().encode('abc');
		expect(await sha256Hex(bytes.buffer)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
	});
});
