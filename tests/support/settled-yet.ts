/**
 * Whether `promise` has settled after several turns of the event loop: a test's way to say
 * "this is still waiting" (a commit held until its flush) without a timer. A promise that did
 * not wait for anything would have settled by then.
 */
export async function settledYet(promise: Promise<unknown>): Promise<boolean> {
	let settled = false;
	const done = () => (settled = true);
	void promise.then(done, done);
	for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
	return settled;
}
