/**
 * Reads the pull feed through the chaos proxy as the devices' inspector, two ways:
 * - once at the end, the way a fresh device would: page after page from cursor 0 until
 *   `hasMore` is false;
 * - all along, while the devices push and the server is killed: a follower that keeps its
 *   cursor and applies each page to its own copy, as a second device of the same inspector
 *   would. If the cursor ever stepped over a change that committed late, its copy would end
 *   up different from the intended state.
 * A page whose request or answer is lost is asked for again with the same cursor.
 */
import { backoffDelay, sleep } from './backoff';
import { sessionHeaders, type DeviceSession } from './device-session';
import type { FeedChange } from './intended-state';
import type { SeededRandom } from './seeded-random';
import { applyChange } from './server-snapshot';

export interface PulledFeed {
	changes: (FeedChange & { version: number })[];
	pages: number;
	retries: number;
}

interface PullPage {
	changes: (FeedChange & { version: number })[];
	cursor: number;
	hasMore: boolean;
	lastAppliedSeq: number;
}

const MAX_ATTEMPTS = 40;

/** One GET, retried with back-off until it answers 200 (bounded: it gives up with an error). */
async function getPage(url: string, session: DeviceSession, random: SeededRandom, counter: { retries: number }): Promise<PullPage> {
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		try {
			const response = await fetch(url, { headers: sessionHeaders(session), signal: AbortSignal.timeout(8000) });
			if (response.status === 200) return (await response.json()) as PullPage;
			if (response.status < 500) throw new Error(`pull answered ${response.status}: ${await response.text()}`);
		} catch (error) {
			if (error instanceof Error && error.message.startsWith('pull answered')) throw error;
		}
		counter.retries++;
		await sleep(backoffDelay(attempt, random));
	}
	throw new Error(`pull did not get through in ${MAX_ATTEMPTS} attempts: ${url}`);
}

export async function pullWholeFeed(baseUrl: string, session: DeviceSession, random: SeededRandom): Promise<PulledFeed> {
	const feed: PulledFeed = { changes: [], pages: 0, retries: 0 };
	let cursor = 0;
	for (;;) {
		const limit = random.int(50, 400);
		const page = await getPage(`${baseUrl}/api/sync/pull?cursor=${cursor}&limit=${limit}`, session, random, feed);
		// A page that promises more but does not move the cursor would loop for ever.
		if (page.hasMore && page.cursor <= cursor) throw new Error(`pull cursor stuck at ${cursor}`);
		feed.changes.push(...page.changes);
		feed.pages++;
		cursor = page.cursor;
		if (!page.hasMore) return feed;
	}
}

/** How far the server says this client's queue has been consumed. */
export async function pulledLastAppliedSeq(
	baseUrl: string,
	session: DeviceSession,
	clientId: string,
	random: SeededRandom
): Promise<number> {
	const page = await getPage(`${baseUrl}/api/sync/pull?cursor=0&limit=1&clientId=${clientId}`, session, random, { retries: 0 });
	return page.lastAppliedSeq;
}

/** A device that pulls now and then during the run, keeping its cursor between pulls. */
export class FeedFollower {
	readonly entities = new Map<string, unknown>();
	readonly counter = { retries: 0 };
	pulls = 0;
	#cursor = 0;

	constructor(
		private readonly baseUrl: string,
		private readonly session: DeviceSession,
		private readonly random: SeededRandom
	) {}

	/** Pulls every so often until `done()` (or the deadline), then catches up one last time. */
	async follow(done: () => boolean, deadline: number): Promise<void> {
		while (!done() && Date.now() < deadline) {
			await this.#catchUp();
			await sleep(this.random.int(20, 250));
		}
		await this.#catchUp();
	}

	async #catchUp(): Promise<void> {
		for (;;) {
			const limit = this.random.int(20, 200);
			const url = `${this.baseUrl}/api/sync/pull?cursor=${this.#cursor}&limit=${limit}`;
			const page = await getPage(url, this.session, this.random, this.counter);
			if (page.hasMore && page.cursor <= this.#cursor) throw new Error(`pull cursor stuck at ${this.#cursor}`);
			for (const change of page.changes) applyChange(this.entities, change);
			this.#cursor = page.cursor;
			this.pulls++;
			if (!page.hasMore) return;
		}
	}
}
