/** How the end-to-end tests launch Chromium: shared by playwright.config.ts and specs that launch their own browser. */
import { existsSync } from 'node:fs';

// Debian's Chromium where installed (Playwright's own download cannot run here), else Playwright's.
const debianChromium = '/usr/bin/chromium';
export const chromiumPath = existsSync(debianChromium) ? debianChromium : undefined;
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
