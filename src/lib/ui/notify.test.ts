// A toast that words an error code, shown before the words have loaded (they load only when
// first needed, errors.ts): it waits for them instead of showing the generic refusal.
import { describe, expect, it, vi } from 'vitest';

describe('a toast worded from an error code', () => {
	// Its first import of the words transforms the message catalogue (Paraglide's output, about
	// 2 MB): 10-12 s alone on a slow 2-core machine, over 30 s beside ESLint and svelte-check in
	// `npm test`. A time limit, not a speed check.
	it('is shown once the words are in, in those words', { timeout: 90_000 }, async () => {
		vi.resetModules();
		const { notifier } = await import('./notify.svelte');
		const { errorText } = await import('./errors');
		// Worded at once, the code would read as the generic message: the words are not in yet.
		expect(errorText('unplanned_reason_required')).toBe('Có lỗi xảy ra, thay đổi chưa được lưu. Hãy thử lại.');
		notifier.show(() => errorText('unplanned_reason_required'), 'error');
		await vi.waitFor(() => expect(notifier.toasts.map((t) => [t.kind, t.message])).toHaveLength(1));
		expect(notifier.toasts.map((t) => [t.kind, t.message])).toEqual([['error', 'Hãy nêu lý do kiểm tra ngoài kế hoạch (ít nhất 5 ký tự)']]);
		notifier.reset();
	});
});

describe('a refused form in words', () => {
	it('names the field in words, never its path, and words zod’s own codes', async () => {
		vi.resetModules();
		const { z } = await import('zod');
		const { messageFor } = await import('./notify.svelte');
		const { loadErrorWords } = await import('./errors');
		await loadErrorWords();
		const reps = z.object({ unitReps: z.array(z.object({ name: z.string().min(1), position: z.string() })) });
		const named = reps.safeParse({ unitReps: [{ name: '', position: 'x' }] });
		expect(messageFor(named.error)).toBe('Dữ liệu chưa hợp lệ (Họ tên): chưa được điền');

		const unnamed = z.object({ internalThing: z.number().max(3) }).safeParse({ internalThing: 9 });
		const text = messageFor(unnamed.error);
		expect(text).toBe('Dữ liệu chưa hợp lệ: vượt quá giới hạn cho phép');
		expect(text).not.toContain('internalThing');

		const ours = z.object({ reason: z.string().min(5, 'unplanned_reason_required') }).safeParse({ reason: 'x' });
		expect(messageFor(ours.error)).toMatch(/^Dữ liệu chưa hợp lệ \(Lý do\): /);
		expect(messageFor(ours.error)).not.toContain('unplanned_reason_required');
	});
});
