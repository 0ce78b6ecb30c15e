import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Vitest's run of this plugin regenerates every route's $types.d.ts (truncate, then write),
		// and `npm test` runs the unit tests beside ESLint and svelte-check, which read those files:
		// a fresh clone's CI once saw one half-written and typed a handler `any`. Under Vitest the
		// generated files go to a directory of their own that nothing else reads. (Kit then says
		// that tsconfig.json "should extend" .svelte-kit/vitest/tsconfig.json: only Vitest uses that
		// directory, and Vitest reads no tsconfig paths, so the warning is expected and harmless.)
		outDir: process.env.VITEST ? '.svelte-kit/vitest' : '.svelte-kit',
		// Absolute asset paths: the service worker serves the one prerendered shell for every URL,
		// so its script and style links must not depend on the page's depth.
		paths: { relative: false },
		// A page's stylesheets (each a few KB) go inline into its HTML rather than as eight
		// render-blocking requests before the first paint (issue 20: Lighthouse on a 3G phone).
		inlineStyleThreshold: 8192,
		// Registered by workbox-window in src/lib/local/pwa.ts so that updates can be offered
		// to the user instead of taking over a page with unsaved work.
		serviceWorker: { register: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				// 'wasm-unsafe-eval' lets the QR reader (zxing-wasm, receiving a member's part) compile
				// its WebAssembly; it allows no JavaScript eval and no inline script.
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'worker-src': ['self', 'blob:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'frame-ancestors': ['none'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
