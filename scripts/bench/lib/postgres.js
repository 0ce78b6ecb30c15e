/**
 * A throwaway PostgreSQL cluster for one benchmark run, in a temp dir on a free loopback port,
 * removed afterwards. Same approach as tests/integration/setup/postgres.ts (initdb and pg_ctl
 * from /usr/lib/postgresql/<v>/bin, run as the "postgres" user via runuser when we are root),
 * but with PostgreSQL's default durability (fsync, synchronous_commit on): the test cluster
 * turns those off, which would flatter PostgreSQL next to SQLite's durable commits.
 * `stop({ keep: true })` (run.js --keep) shuts it down cleanly and leaves its folder in place.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './servers.js';

const run = promisify(execFile);

function serverBinaries() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => /^\d+$/.test(v))
		.sort((a, b) => Number(b) - Number(a));
	for (const v of versions) if (existsSync(join(root, v, 'bin', 'pg_ctl'))) return join(root, v, 'bin');
	return null;
}

async function ids(user) {
	try {
		return { uid: Number((await run('id', ['-u', user])).stdout), gid: Number((await run('id', ['-g', user])).stdout) };
	} catch {
		return null;
	}
}

/** Starts the cluster; returns null (with the reason) when PostgreSQL is not installed. */
export async function startPostgres() {
	const bin = serverBinaries();
	if (!bin) return { skipped: 'PostgreSQL server binaries not found under /usr/lib/postgresql' };
	const asRoot = process.getuid?.() === 0;
	const owner = asRoot ? await ids('postgres') : null;
	if (asRoot && !owner) return { skipped: 'running as root and there is no "postgres" user for initdb' };
	const dir = await mkdtemp(join(tmpdir(), 'ktmc-bench-pg-'));
	if (owner) await chown(dir, owner.uid, owner.gid);
	const tool = (name, args) =>
		owner ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args], { cwd: dir }) : run(join(bin, name), args, { cwd: dir });
	const data = join(dir, 'data');
	const port = await freePort();
	await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
	const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=300', '-c shared_buffers=512MB'].join(
		' '
	);
	await tool('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
	const version = (await run(join(bin, 'postgres'), ['--version'])).stdout.trim();
	const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
	return {
		version,
		/** A new empty database on the cluster; returns its URL. */
		async createDatabase(name) {
			const client = new pg.Client({ connectionString: admin });
			await client.connect();
			await client.query(`CREATE DATABASE ${name}`);
			await client.end();
			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		/** Where the cluster lives and how it was started, for the commands that start it again. */
		where: { bin, dir, data, port, options, runAs: owner ? 'postgres' : null },
		async stop({ keep = false } = {}) {
			await tool('pg_ctl', ['-D', data, '-m', keep ? 'fast' : 'immediate', '-w', 'stop']).catch(() => {});
			if (!keep) await rm(dir, { recursive: true, force: true });
		}
	};
}
