import { describe, expect, it, vi } from 'vitest';

describe('zod-jitless', () => {
	it('makes zod parse without probing or using new Function', async () => {
		await import('./zod-jitless');
		const { z } = await import('zod');
		expect(z.config().jitless).toBe(true);
		const spy = vi.spyOn(globalThis, 'Function');
		const schema = z.object({ a: z.string(), b: z.number().default(1) });
		expect(schema.parse({ a: 'x' })).toEqual({ a: 'x', b: 1 });
		expect(spy).not.toHaveBeenCalled();
		spy.mockRestore();
	});
});
