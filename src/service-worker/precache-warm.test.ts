import { describe, expect, it } from 'vitest';
import { WARM_CONCURRENCY, warmPrecache, type WarmTarget } from './precache-warm';

/** The part of the Cache API the warm-up uses, over a Map. */
function fakeCache(already: string[] = []) {
	const stored = new Map<string, Response>(already.map((key) => [key, new Response('old')]));
	const cache = {
		match: (key: string) => Promise.resolve(stored.get(key)),
		put: (key: string, response: Response) => {
			stored.set(key, response);
			return Promise.resolve();
		}
	};
	return { cache: cache as unknown as Cache, stored };
}

/** A server answering after a turn of the loop, recording what was asked and how many at once. */
function fakeServer(answer: (url: string) => Response | Error = () => new Response('file')) {
	const asked: { url: string; cache: RequestCache | undefined }[] = [];
	let open = 0;
	let mostOpen = 0;
	const fetchFile = async (url: string, init: RequestInit) => {
		asked.push({ url, cache: init.cache });
		mostOpen = Math.max(mostOpen, ++open);
		await new Promise((resolve) => setTimeout(resolve, 1));
		open--;
		const answered = answer(url);
		if (answered instanceof Error) throw answered;
		return answered;
	};
	return { fetchFile, asked, mostOpen: () => mostOpen };
}

const hashed = (n: number): WarmTarget => ({
	url: `https://x.vn/_app/immutable/c${n}.js`,
	cacheKey: `https://x.vn/_app/immutable/c${n}.js`
});

describe('warming the precache', () => {
	it('fetches every file not cached yet once, a few at a time, and keeps it under its key', async () => {
		const targets = [
			...Array.from({ length: 40 }, (_, n) => hashed(n)),
			{ url: 'https://x.vn/', cacheKey: 'https://x.vn/?__WB_REVISION__=v2' }
		];
		const { cache, stored } = fakeCache([hashed(3).cacheKey]);
		const server = fakeServer();

		expect(await warmPrecache(cache, targets, server.fetchFile)).toBe(40);

		expect(server.asked.map((a) => a.url).sort()).toEqual(
			targets
				.map((t) => t.url)
				.filter((u) => u !== hashed(3).url)
				.sort()
		);
		expect(server.mostOpen()).toBe(WARM_CONCURRENCY);
		expect(await stored.get(hashed(3).cacheKey)?.text()).toBe('old');
		expect(stored.has('https://x.vn/?__WB_REVISION__=v2')).toBe(true);
		// A file that changes without being renamed is fetched past the HTTP cache.
		expect(server.asked.find((a) => a.url === 'https://x.vn/')?.cache).toBe('reload');
		expect(server.asked.find((a) => a.url === hashed(0).url)?.cache).toBe('default');
	});

	it('leaves a redirect, an error status and a network failure to Workbox, and warms the rest', async () => {
		const targets = Array.from({ length: 8 }, (_, n) => hashed(n));
		const { cache, stored } = fakeCache();
		const server = fakeServer((url) => {
			if (url === hashed(1).url) return new Error('offline');
			if (url === hashed(2).url) return new Response('gone', { status: 404 });
			if (url === hashed(3).url) {
				const moved = new Response('elsewhere');
				Object.defineProperty(moved, 'redirected', { value: true });
				return moved;
			}
			return new Response('file');
		});

		expect(await warmPrecache(cache, targets, server.fetchFile)).toBe(5);
		expect([...stored.keys()].sort()).toEqual([0, 4, 5, 6, 7].map((n) => hashed(n).cacheKey).sort());
	});
});
