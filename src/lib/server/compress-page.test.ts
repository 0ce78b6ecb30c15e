import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressPage } from './compress-page';

const html = `<!doctype html><html><head><style>${'.item{margin:0 auto;padding:12px}'.repeat(200)}</style></head><body></body></html>`;
const page = (body = html, type = 'text/html') => new Response(body, { headers: { 'content-type': type, etag: '"abc"' } });
const get = (acceptEncoding?: string) =>
	new Request('http://localhost/', { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('compressPage', () => {
	it('sends a page as brotli when the browser takes it, and the bytes decode to the same page', async () => {
		const answer = await compressPage(get('gzip, deflate, br, zstd'), page());
		const body = Buffer.from(await answer.arrayBuffer());
		expect(answer.headers.get('content-encoding')).toBe('br');
		expect(answer.headers.get('vary')).toContain('accept-encoding');
		expect(Number(answer.headers.get('content-length'))).toBe(body.byteLength);
		expect(body.byteLength).toBeLessThan(html.length / 5);
		expect(brotliDecompressSync(body).toString()).toBe(html);
		expect(answer.headers.get('etag')).toBe('W/"abc"');
	});

	it('answers 304 to a revalidation with the weak tag it gave', async () => {
		const again = new Request('http://localhost/', { headers: { 'accept-encoding': 'br', 'if-none-match': 'W/"abc"' } });
		const answer = await compressPage(again, page());
		expect(answer.status).toBe(304);
		expect(answer.headers.get('etag')).toBe('W/"abc"');
		expect(await answer.text()).toBe('');
		const changed = new Request('http://localhost/', { headers: { 'accept-encoding': 'br', 'if-none-match': 'W/"old"' } });
		expect((await compressPage(changed, page())).status).toBe(200);
	});

	it('falls back to gzip, and to the page as it is for a client that takes neither', async () => {
		const gzipped = await compressPage(get('gzip;q=1.0, identity'), page());
		expect(gzipped.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe(html);

		const plain = await compressPage(get(), page());
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(plain.headers.get('vary')).toContain('accept-encoding');
		expect(await plain.text()).toBe(html);
	});

	it('leaves alone what is not a page: JSON, a tiny page, an error page, a HEAD', async () => {
		const json = page(JSON.stringify({ rows: html }), 'application/json');
		expect(await compressPage(get('br'), json)).toBe(json);
		const tiny = await compressPage(get('br'), page('<p>ok</p>'));
		expect(tiny.headers.get('content-encoding')).toBeNull();
		const missing = new Response(html, { status: 404, headers: { 'content-type': 'text/html' } });
		expect(await compressPage(get('br'), missing)).toBe(missing);
		const head = page();
		expect(await compressPage(new Request('http://localhost/', { method: 'HEAD', headers: { 'accept-encoding': 'br' } }), head)).toBe(head);
	});
});
