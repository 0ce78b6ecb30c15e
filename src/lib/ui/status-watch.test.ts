// Toasts about a standing condition go when the condition does: back online, a sync through,
// space freed. (The watcher's effects only pass the conditions on; the e2e honest-status spec
// sees the offline toast come and go in the browser.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError } from '$lib/local/storage-guard';
import { notifier, causeOf } from './notify.svelte';
import { StatusToasts, syncProblemToast } from './status-watch.svelte';

const causes = () => notifier.toasts.map((t) => t.cause ?? null);
const MB = 1024 * 1024;

afterEach(() => notifier.reset());

describe('status toasts', () => {
	it('say the server is out of reach when it stops answering, and go when it answers again', () => {
		const toasts = new StatusToasts();
		toasts.reachability(false); // started offline: the badge says so, no toast
		expect(causes()).toEqual([]);
		toasts.reachability(true);
		toasts.reachability(false);
		expect(notifier.toasts).toMatchObject([
			{ cause: 'offline', kind: 'info', message: expect.stringContaining('Không kết nối được máy chủ') }
		]);
		toasts.reachability(true);
		expect(causes()).toEqual([]);
	});

	it('clear an action that failed for want of a server when the server answers again', async () => {
		const toasts = new StatusToasts();
		const { attempt } = await import('./notify.svelte');
		await attempt(() => Promise.reject(Object.assign(new Error('Cannot reach the server'), { code: 'admin_offline' })));
		notifier.show('kept', 'info');
		expect(causes()).toEqual(['offline', null]);
		toasts.reachability(true);
		expect(notifier.toasts.map((t) => t.message)).toEqual(['kept']);
	});

	it('show a refused sync once, however many rounds fail the same way, and go when a round goes through', async () => {
		const toasts = new StatusToasts();
		toasts.sync({ kind: 'refused', code: 'forbidden', message: 'Forbidden' });
		await vi.waitFor(() => expect(causes()).toEqual(['sync']));
		expect(notifier.toasts[0]!.message).toMatch(/^Máy chủ từ chối yêu cầu đồng bộ: /);
		notifier.dismiss(notifier.toasts[0]!.id);
		toasts.sync({ kind: 'refused', code: 'forbidden', message: 'Forbidden' });
		await new Promise((r) => setTimeout(r, 20));
		expect(causes()).toEqual([]);

		toasts.sync({ kind: 'unknown' });
		await vi.waitFor(() => expect(causes()).toEqual(['sync']));
		toasts.sync(null);
		expect(causes()).toEqual([]);
	});

	it('warn before storage runs out and go when space is freed', () => {
		const toasts = new StatusToasts();
		toasts.storage(true, 50 * MB);
		expect(notifier.toasts).toMatchObject([{ cause: 'storage', kind: 'error', message: expect.stringContaining('50 MB') }]);
		toasts.storage(true, 40 * MB); // a photo later: said again, not stacked
		expect(notifier.toasts).toMatchObject([{ cause: 'storage', message: expect.stringContaining('40 MB') }]);
		toasts.storage(false, 900 * MB);
		expect(causes()).toEqual([]);
	});

	it('keep a write refused as over quota when the figures are read again and do not read low', async () => {
		const toasts = new StatusToasts();
		const { attempt } = await import('./notify.svelte');
		toasts.storage(false, 900 * MB); // the watch's first reading
		await attempt(() => Promise.reject(new StorageError('quota', new DOMException('full', 'QuotaExceededError'))));
		expect(notifier.toasts).toMatchObject([
			{ cause: 'storage', kind: 'error', message: expect.stringContaining('Bộ nhớ của trình duyệt đã đầy') }
		]);
		toasts.storage(false, 899 * MB); // read again a second after the refused write queued its change
		toasts.storage(false, 899 * MB); // and after a photo
		expect(causes()).toEqual(['storage']);
	});
});

describe('toasts with a cause', () => {
	it('replace the earlier toast of the same cause and leave the others', () => {
		notifier.show('a', 'error');
		notifier.show('offline 1', 'info', { cause: 'offline' });
		notifier.show('offline 2', 'info', { cause: 'offline' });
		expect(notifier.toasts.map((t) => t.message)).toEqual(['a', 'offline 2']);
		notifier.clear('offline');
		expect(notifier.toasts.map((t) => t.message)).toEqual(['a']);
	});

	it('are given to failed actions by their error: no room, no server', () => {
		expect(causeOf(new StorageError('quota', new Error('full')))).toBe('storage');
		expect(causeOf(new StorageError('connection', new Error('lost')))).toBeUndefined();
		expect(causeOf(Object.assign(new Error('x'), { code: 'admin_offline' }))).toBe('offline');
		expect(causeOf(new Error('other'))).toBeUndefined();
	});

	it('leave transient sync failures and sign-in refusals to the badge and their own screens', () => {
		expect(syncProblemToast(null)).toBeNull();
		expect(syncProblemToast({ kind: 'transient', code: 'offline', message: '' })).toBeNull();
		expect(syncProblemToast({ kind: 'refused', code: 'not_signed_in', message: '' })).toBeNull();
		expect(syncProblemToast({ kind: 'refused', code: 'forbidden', message: '' })).not.toBeNull();
	});
});
