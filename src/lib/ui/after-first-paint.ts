/**
 * Runs `work` once the page has loaded, settled and the main thread is idle: start-up chores
 * (service worker registration, the first sync round, refreshing the unit directory, modules
 * warmed for the first tap) then wait until the page has shown what the inspector opened it for,
 * instead of competing with its first paint on a slow phone (issue 20: offline cold start ≤ 1 s).
 *
 * The app renders in the browser (ssr = false), so the load event comes before the page's own
 * content, which it reads from IndexedDB afterwards: the chores also wait until `SETTLE_MS` after
 * the load event (nothing once the page has been up that long). Requests begun before the largest
 * paint count against it (Lighthouse's LCP, issue 20 must-show 6). The idle timeout keeps a busy
 * page from putting them off for long; without requestIdleCallback (Safari) a short timer stands in.
 */
const SETTLE_MS = 1000;

export function afterFirstPaint(work: () => void, timeoutMs = 2000): () => void {
	let cancelled = false;
	let idle: number | undefined;
	let settle: number | undefined;
	const run = () => {
		if (!cancelled) work();
	};
	const whenIdle = () => {
		if (cancelled) return;
		if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: timeoutMs });
		else idle = window.setTimeout(run, 200);
	};
	const afterSettling = () => {
		if (cancelled) return;
		const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
		const loadedAt = nav?.loadEventEnd || performance.now();
		settle = window.setTimeout(whenIdle, Math.max(0, loadedAt + SETTLE_MS - performance.now()));
	};
	if (document.readyState === 'complete') afterSettling();
	else window.addEventListener('load', afterSettling, { once: true });
	return () => {
		cancelled = true;
		window.removeEventListener('load', afterSettling);
		clearTimeout(settle);
		if (idle === undefined) return;
		if (typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
		clearTimeout(idle);
	};
}
