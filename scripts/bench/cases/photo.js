/**
 * 7. Photo pipeline: a 12-megapixel JPEG (4000 × 3000, drawn on a canvas in the page — sky,
 * buildings, signs, text and sensor-like noise — and encoded with toBlob('image/jpeg', 0.92))
 * handed to the app's own photo input with Playwright's setInputFiles, offline, as a camera
 * capture would be. The app then runs its real pipeline: compressPhoto in its worker (decode,
 * resize to ≤ 1600 px, JPEG, SHA-256), the storage check, attachPhoto (photo row + bytes +
 * outbox entry in one transaction), and shows the thumbnail.
 *
 * Timed in the page from the input's change event to the thumbnail in the DOM; the output
 * size and dimensions are read from the stored photo row.
 */
import { contextOptions, inject, signInWithoutApp, waitForServiceWorker } from '../lib/browser.js';
import { num, summary } from '../lib/stats.js';

const inspector = { username: 'kiemtra', password: 'demo-kiemtra-2025' };
const unit = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };

/** In the page: a photo-like 4000×3000 JPEG, returned as base64. */
export function makeJpeg() {
	const w = 4000;
	const h = 3000;
	const canvas = Object.assign(document.createElement('canvas'), { width: w, height: h });
	const ctx = canvas.getContext('2d');
	let seed = 7;
	const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
	const sky = ctx.createLinearGradient(0, 0, 0, h * 0.6);
	sky.addColorStop(0, '#6fa8dc');
	sky.addColorStop(1, '#e8f1f8');
	ctx.fillStyle = sky;
	ctx.fillRect(0, 0, w, h);
	for (let i = 0; i < 60; i++) {
		const bw = 150 + rand() * 500;
		const bh = 400 + rand() * 1800;
		const x = rand() * w;
		ctx.fillStyle = `hsl(${20 + rand() * 40}, ${15 + rand() * 30}%, ${35 + rand() * 40}%)`;
		ctx.fillRect(x, h - bh, bw, bh);
		for (let wy = h - bh + 40; wy < h - 60; wy += 90)
			for (let wx = x + 20; wx < x + bw - 40; wx += 70) {
				ctx.fillStyle = rand() < 0.3 ? '#f7e7a1' : '#2d3a4a';
				ctx.fillRect(wx, wy, 36, 50);
			}
	}
	ctx.font = 'bold 120px sans-serif';
	for (let i = 0; i < 14; i++) {
		ctx.fillStyle = `hsl(${rand() * 360}, 60%, 40%)`;
		ctx.fillRect(rand() * w, rand() * h, 900, 200);
		ctx.fillStyle = '#fff';
		ctx.fillText('BỘ PHẬN MỘT CỬA', rand() * w, rand() * h);
	}
	// Sensor noise, in tiles, so the JPEG has a phone photo's entropy.
	for (let t = 0; t < 48; t++) {
		const x = (t % 8) * 500;
		const y = Math.floor(t / 8) * 500;
		const patch = ctx.getImageData(x, y, 500, 500);
		for (let i = 0; i < patch.data.length; i += 4) {
			const n = (rand() - 0.5) * 18;
			patch.data[i] += n;
			patch.data[i + 1] += n;
			patch.data[i + 2] += n;
		}
		ctx.putImageData(patch, x, y);
	}
	return new Promise((resolve) =>
		canvas.toBlob(
			async (blob) => {
				const bytes = new Uint8Array(await blob.arrayBuffer());
				let binary = '';
				for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
				resolve(btoa(binary));
			},
			'image/jpeg',
			0.92
		)
	);
}

export async function runPhoto({ browser, bundles, server, runs, log }) {
	const context = await browser.newContext(contextOptions);
	try {
		const { page, user } = await signInWithoutApp(context, server.url, inspector);
		await inject(page, bundles.app);
		const made = await page.evaluate(
			([u, by]) => KtmcBench.makeInspection(KtmcBench.userDbName(), { unit: u, createdBy: by, officers: 1, answerAll: false }),
			[unit, user.id]
		);
		await page.goto(`${server.url}/inspections/${made.id}/sections/C`);
		await page.locator('article.item').first().waitFor();
		// Online until the service worker controls the page with its precache (the compression
		// worker's script included), as after any first visit; then offline, as on site.
		await waitForServiceWorker(page);
		await context.setOffline(true);
		const jpeg = Buffer.from(await page.evaluate(makeJpeg), 'base64');
		log(`  photo: synthetic 4000×3000 JPEG of ${num(jpeg.length / 1024 / 1024)} MB`);
		const input = page.getByLabel('Chụp ảnh C2', { exact: true });
		const results = [];
		for (let i = 0; i < runs + 1; i++) {
			await page.evaluate(() => {
				const shown = () => document.querySelectorAll('img[alt="Ảnh minh chứng C2"]').length;
				const before = shown();
				window.__photo = new Promise((resolve, reject) => {
					const state = () => [...document.querySelectorAll('.toast')].map((t) => t.textContent.trim()).join(' | ') || 'no message shown';
					setTimeout(() => reject(new Error(`no thumbnail after 60 s (${state()})`)), 60_000);
					let t0 = 0;
					document.addEventListener('change', () => (t0 = performance.now()), { capture: true, once: true });
					const observer = new MutationObserver(() => {
						if (shown() > before) {
							observer.disconnect();
							resolve(performance.now() - t0);
						}
					});
					observer.observe(document.body, { childList: true, subtree: true });
				});
			});
			await input.setInputFiles({ name: `IMG_${1000 + i}.jpg`, mimeType: 'image/jpeg', buffer: jpeg });
			const ms = await page.evaluate(() => window.__photo);
			if (i > 0) results.push(ms); // the first run also starts the compression worker
		}
		await inject(page, bundles.app);
		const rows = await page.evaluate(() => KtmcBench.photoRows(KtmcBench.userDbName()));
		const last = rows[rows.length - 1];
		const s = summary(results);
		return {
			rows: [
				{
					label: 'Photo: 12 MP JPEG → compressed, stored, shown (on the device)',
					value: `${num(s.median)} ms (${num(s.min)}–${num(s.max)}, ${s.n} runs); ${num(jpeg.length / 1024 / 1024)} MB → ${num(last.size / 1024)} KB, ${last.width}×${last.height}`,
					target: '',
					verdict: ''
				}
			],
			results: {
				times: results,
				inputBytes: jpeg.length,
				output: { size: last.size, width: last.width, height: last.height },
				photos: rows.length
			}
		};
	} finally {
		await context.close();
	}
}
