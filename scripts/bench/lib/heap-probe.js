/**
 * Preloaded into a benchmarked app server (`node --expose-gc --import <this file>`): every half
 * second a full GC, then the live heap and RSS appended to `$DATA_DIR/heap-probe.log` as
 * "epoch-ms heapUsed rss". What survives a GC is what the server holds, which a raw heap or RSS
 * peak does not show (V8 collects lazily when memory is plentiful).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(process.env.DATA_DIR ?? '.', 'heap-probe.log');
setInterval(() => {
	globalThis.gc?.();
	const { heapUsed, rss } = process.memoryUsage();
	appendFileSync(file, `${Date.now()} ${heapUsed} ${rss}\n`);
}, 500).unref();
