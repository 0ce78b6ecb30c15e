// `npm run admin -- <command>`: the account command line (src/lib/server/cli/admin-cli.ts).
// The CLI is TypeScript using `$lib`, so it is loaded through Vite's SSR module loader with the
// project's own config, no build needed. No HTTP server is started and no files are watched.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

// SvelteKit takes the project root from the working directory (and warns if it is passed in).
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const vite = await createServer({
	logLevel: 'error',
	appType: 'custom',
	server: { middlewareMode: true, hmr: false, watch: null },
	optimizeDeps: { noDiscovery: true, include: [] }
});

let code;
try {
	const cli = await vite.ssrLoadModule('/src/lib/server/cli/admin-cli.ts');
	code = await cli.runAdminCli(process.argv.slice(2), cli.processIo());
} catch (error) {
	console.error('[admin] lỗi:', error instanceof Error ? (error.stack ?? error.message) : error);
	code = 1;
} finally {
	await vite.close();
}
process.exit(code);
