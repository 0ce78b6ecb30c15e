// `npm start`: serves the built app (adapter-node) and prints where. The server creates its
// database on first start (DATA_DIR, default ./data; PostgreSQL when DATABASE_URL is set).
import { networkInterfaces } from 'node:os';

const port = Number(process.env.PORT ?? 3000);
process.env.PORT = String(port);
process.env.HOST ??= '0.0.0.0';
process.env.ORIGIN ??= `http://localhost:${port}`;
// adapter-node's one limit for every body (default 512 KiB) must let the largest endpoint limit
// through: photos of up to 8 MiB. Each endpoint then holds its own, smaller limit
// (src/lib/domain/protocol/body-limits.ts; tests/integration/body-limits.test.ts checks this value).
process.env.BODY_SIZE_LIMIT ??= String(9 * 1024 * 1024);

await import('../build/index.js');

const lan = Object.values(networkInterfaces())
	.flat()
	.filter((a) => a && a.family === 'IPv4' && !a.internal)
	.map((a) => `http://${a?.address}:${port}`);
console.log(`\nKiểm tra Một cửa đang chạy tại http://localhost:${port}`);
if (lan.length) console.log(`Trong mạng nội bộ: ${lan.join(', ')} (cần HTTPS để điện thoại cài ứng dụng)`);
