/**
 * A keep-alive HTTP/1.1 connection for the load generator, on a bare socket: each request is
 * one prepared buffer written at once, and an answer is read only as far as its status and its
 * end (Content-Length or chunked). node:http parses every header into objects, builds a request
 * and a response stream per request and times out through its own timers: about half a
 * millisecond of CPU a push on this machine's cores, which the servers being measured share (issue
 * 21). wrk and wrk2 are written the same way, for the same reason.
 */
import net from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

/** The bytes of one request: the request line, `headers`, the body's length and the body. */
export function requestBytes(target, method, headers, body) {
	const payload = Buffer.from(body);
	const lines = [`${method} ${target.pathname}${target.search} HTTP/1.1`, `host: ${target.host}`];
	for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
	if (payload.length > 0 || method !== 'GET') lines.push(`content-length: ${payload.length}`);
	lines.push('', '');
	return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), payload]);
}

/**
 * One client's connection, opened on first use and again after the server closes it. `send`
 * resolves with `{ status }` once the whole answer is read, or `{ error }` (refused, reset,
 * timed out): never rejects, so a failed push is counted, not thrown.
 */
export class RawConnection {
	#url;
	#socket = null;
	#pending = null;
	#buffered = Buffer.alloc(0);

	constructor(url) {
		this.#url = new URL(url);
	}

	send(bytes, timeoutMs) {
		return new Promise((resolve) => {
			const socket = this.#open();
			const timer = setTimeout(() => this.#fail(new Error('timed out')), timeoutMs);
			this.#pending = (answer) => {
				clearTimeout(timer);
				this.#pending = null;
				resolve(answer);
			};
			socket.write(bytes);
		});
	}

	close() {
		this.#socket?.destroy();
		this.#socket = null;
	}

	#open() {
		if (this.#socket) return this.#socket;
		const socket = net.connect(Number(this.#url.port), this.#url.hostname);
		socket.setNoDelay(true);
		this.#buffered = Buffer.alloc(0);
		socket.on('data', (chunk) => {
			this.#buffered = this.#buffered.length ? Buffer.concat([this.#buffered, chunk]) : chunk;
			this.#read();
		});
		// A socket already replaced (closed after its last answer) has nothing left to fail.
		socket.on('error', (error) => this.#socket === socket && this.#fail(error));
		socket.on('close', () => this.#socket === socket && this.#fail(new Error('connection closed')));
		this.#socket = socket;
		return socket;
	}

	#fail(error) {
		this.close();
		this.#pending?.({ error });
	}

	/** Completes the pending request once its whole answer has been read. */
	#read() {
		const answer = completeAnswer(this.#buffered);
		if (!answer) return;
		this.#buffered = this.#buffered.subarray(answer.length);
		if (answer.close) this.close();
		this.#pending?.({ status: answer.status });
	}
}

/** The status and byte length of the first whole answer in `bytes`, or null while it is incomplete. */
export function completeAnswer(bytes) {
	const headEnd = bytes.indexOf(HEADER_END);
	if (headEnd < 0) return null;
	const head = bytes.toString('latin1', 0, headEnd).toLowerCase();
	const status = Number(head.slice(9, 12));
	const bodyStart = headEnd + HEADER_END.length;
	const close = /\r\nconnection: *close/.test(head);
	const length = /\r\ncontent-length: *(\d+)/.exec(head);
	if (length) {
		const end = bodyStart + Number(length[1]);
		return bytes.length >= end ? { status, length: end, close } : null;
	}
	if (/\r\ntransfer-encoding: *chunked/.test(head)) {
		const end = chunkedEnd(bytes, bodyStart);
		return end === null ? null : { status, length: end, close };
	}
	// No length and not chunked: the body runs to the connection's end (only bodiless answers here).
	return { status, length: bodyStart, close: true };
}

/** Where a chunked body that starts at `from` ends (after its last chunk and trailer), or null. */
function chunkedEnd(bytes, from) {
	let at = from;
	for (;;) {
		const lineEnd = bytes.indexOf('\r\n', at, 'latin1');
		if (lineEnd < 0) return null;
		const size = parseInt(bytes.toString('latin1', at, lineEnd), 16);
		if (size === 0) {
			const end = bytes.indexOf(HEADER_END, lineEnd, 'latin1');
			return end < 0 ? null : end + HEADER_END.length;
		}
		at = lineEnd + 2 + size + 2;
		if (at > bytes.length) return null;
	}
}
