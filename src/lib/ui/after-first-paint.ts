/**
 * Runs `work` once the page has loaded and the main thread is idle: start-up chores (service
 * worker registration, the first sync round, refreshing the unit directory) then wait until the
 * page has shown what the inspector opened it for, instead of competing with its first paint on
 * a slow phone (issue 20: offline cold start ≤ 1 s). The timeout keeps a busy page from putting
 * them off for long; without requestIdleCallback (Safari) a short timer stands in.
 */
export function afterFirstPaint(work: () => void, timeoutMs = 2000): () => void {
	let cancelled = false;
	let idle: number | undefined;
	const run = () => {
		if (!cancelled) work();
	};
	const whenIdle = () => {
		if (cancelled) return;
		if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: timeoutMs });
		else idle = window.setTimeout(run, 200);
	};
	if (document.readyState === 'complete') whenIdle();
	else window.addEventListener('load', whenIdle, { once: true });
	return () => {
		cancelled = true;
		window.removeEventListener('load', whenIdle);
		if (idle === undefined) return;
		if (typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
		clearTimeout(idle);
	};
}
