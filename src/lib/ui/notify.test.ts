// A toast that words an error code, shown before the words have loaded (they load only when
// first needed, errors.ts): it waits for them instead of showing the generic refusal.
import { describe, expect, it, vi } from 'vitest';

describe('a toast worded from an error code', () => {
	it('is shown once the words are in, in those words', async () => {
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
