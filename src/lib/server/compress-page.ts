/**
 * A page's HTML compressed on its way out. adapter-node sends the built files precompressed
 * (.br, .gz) but not what is rendered per request; the HTML shell of every page carries its
 * stylesheets inline (svelte.config.js, inlineStyleThreshold), ~17 KB that compress to ~5 KB —
 * on a 3G phone that is the first paint's wait (issue 20). API answers are left as they are.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Below this a compressed body saves less than it costs. */
const MIN_BYTES = 1024;

function chosenEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
	const accepted = new Set((acceptEncoding ?? '').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase()));
	if (accepted.has('br')) return 'br';
	if (accepted.has('gzip')) return 'gzip';
	return null;
}

export async function compressPage(request: Request, response: Response): Promise<Response> {
	const isHtml = response.headers.get('content-type')?.startsWith('text/html') ?? false;
	if (!isHtml || response.status !== 200 || request.method !== 'GET' || response.headers.has('content-encoding')) return response;
	// The browser revalidates with the weak tag given below, which SvelteKit's own check (strong
	// tags) does not know: answered here, so a page unchanged is still a 304 without a body.
	const etag = response.headers.get('etag');
	if (etag && request.headers.get('if-none-match') === `W/${etag.replace(/^W\//, '')}`) {
		await response.body?.cancel();
		return new Response(null, { status: 304, headers: { etag: `W/${etag.replace(/^W\//, '')}`, vary: 'accept-encoding' } });
	}
	const encoding = chosenEncoding(request.headers.get('accept-encoding'));
	const html = Buffer.from(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	headers.append('vary', 'accept-encoding');
	if (!encoding || html.byteLength < MIN_BYTES) return new Response(html, { status: response.status, headers });
	const body =
		encoding === 'br'
			? await brotli(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: html.byteLength } })
			: await gzipped(html, { level: 6 });
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(body.byteLength));
	// Another representation of the same page: a weak validator, as a proxy compressing it would make.
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return new Response(body, { status: response.status, headers });
}
