/**
 * The operator's command line: first admin on a fresh server, and day-to-day account work.
 * Run through `npm run admin -- <command> [options]` (scripts/admin.js loads this file with
 * Vite, so `$lib` and TypeScript work without a build). Uses the same database as the server:
 * DATABASE_URL → PostgreSQL, else SQLite in DATA_DIR (./data).
 *
 * Passwords only come from standard input (`--password-stdin`), never from arguments, so they
 * stay out of shell history and the process list. Exit codes: 0 done, 1 refused or the audit
 * chain is broken, 2 the command line itself is wrong.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { auditAnchor, parseAnchor, verifyAnchor, verifyChain } from '../auth/audit';
import { describeDemoSeed, seedDemoIfEmpty } from '../auth/demo-seed';
import { deleteUserSessions, listUserSessions } from '../auth/sessions';
import { inTransaction } from '../auth/transaction';
import * as users from '../auth/users';
import { appendAdminAudit } from '../admin/admin-audit';
import { backupSqlite, restoreSqlite } from '../backup/backup';
import { blobStore, DEFAULT_GRACE_DAYS, planBlobCleanup, runBlobCleanup } from '../blobs';
import { defaultDataDir } from '../db/data-dir';
import { migrateToLatest } from '../db/migrate';
import { openDatabase } from '../db/open-database';
import type { Database, UserRow } from '../db/schema';
import { Refusal } from '../http';
import { parseUnitLocationsCsv } from '$lib/domain/unit-locations';
import { importUnitLocations } from '../units/unit-locations';
import { verifyDraw } from '../plans/verify-draw';
import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/paraglide/runtime.js';

export interface AdminCliIo {
	stdin: AsyncIterable<string | Uint8Array>;
	/** Whether stdin is a terminal: the password prompt then says how to finish. */
	stdinIsTTY?: boolean;
	stdout(line: string): void;
	stderr(line: string): void;
	/** The database to work on; when absent the server's is opened (and migrated) and closed again. */
	db?: Kysely<Database>;
}

/** The usage text in the chosen language. */
export const usage = (locale: Locale = 'vi'): string => m.cli_usage({}, { locale });

/**
 * The language of this run's messages: `--lang en` or ADMIN_LANG=en, else Vietnamese. Module
 * state because one process runs one command (tests run them one after another).
 */
let locale: Locale = 'vi';

function chooseLocale(flag: string | undefined): Locale {
	const chosen = flag ?? process.env.ADMIN_LANG ?? 'vi';
	if (chosen !== 'vi' && chosen !== 'en') throw new UsageError(m.cli_lang_invalid({}, { locale }));
	return chosen;
}

const yesNo = (yes: boolean) => (yes ? m.cli_yes({}, { locale }) : m.cli_no({}, { locale }));

/** Wrong command line: exit 2 with the usage. */
class UsageError extends Error {}

const options = {
	username: { type: 'string' },
	role: { type: 'string' },
	'display-name': { type: 'string' },
	province: { type: 'string' },
	unit: { type: 'string' },
	'password-stdin': { type: 'boolean' },
	anchor: { type: 'string' },
	'dry-run': { type: 'boolean' },
	'grace-days': { type: 'string' },
	lang: { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** Runs one command; resolves to the process exit code and never calls process.exit itself. */
export async function runAdminCli(argv: readonly string[], io: AdminCliIo): Promise<number> {
	let command: string | undefined;
	let file: string | undefined;
	let values: Values;
	try {
		const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
		values = parsed.values;
		locale = 'vi';
		locale = chooseLocale(values.lang);
		command = parsed.positionals[0];
		file = parsed.positionals[1];
		const takesArgument = command === 'import-unit-locations' || command === 'verify-draw';
		const allowed = command !== undefined && (fileCommands.has(command) || takesArgument) ? 2 : 1;
		if (parsed.positionals.length > allowed)
			throw new UsageError(m.cli_extra_arguments({ args: parsed.positionals.slice(allowed).join(' ') }, { locale }));
	} catch (error) {
		io.stderr(error instanceof Error ? error.message : String(error));
		io.stderr(usage(locale));
		return 2;
	}
	if (!command || values.help || command === 'help') {
		io.stdout(usage(locale));
		return command || values.help ? 0 : 2;
	}

	if (fileCommands.has(command)) {
		try {
			return await runFileCommand(command, file, io);
		} catch (error) {
			if (!(error instanceof UsageError)) throw error;
			io.stderr(error.message);
			io.stderr(usage(locale));
			return 2;
		}
	}

	const opened = io.db ? null : openDatabase();
	try {
		const db = io.db ?? opened!.db;
		if (opened) await migrateToLatest(db);
		if (command === 'import-unit-locations') return await importLocations(file, db, io);
		return await dispatch(command, values, db, io, file);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr(error.message);
			io.stderr(usage(locale));
			return 2;
		}
		if (error instanceof Refusal) {
			io.stderr(m.cli_refused({ reason: `${error.message}${error.field ? ` (${error.field})` : ''}` }, { locale }));
			return 1;
		}
		throw error;
	} finally {
		await opened?.close();
	}
}

async function dispatch(command: string, values: Values, db: Kysely<Database>, io: AdminCliIo, argument?: string): Promise<number> {
	switch (command) {
		case 'create-user': {
			const username = required(values.username, '--username');
			const user = await users.create(
				db,
				{
					username,
					role: required(values.role, '--role') as users.NewUser['role'],
					displayName: values['display-name'] ?? username,
					provinceCode: code(values.province, '--province') ?? null,
					unitCode: code(values.unit, '--unit') ?? null,
					password: await readPassword(values, io)
				},
				null,
				{ auditDetail: { via: 'cli' } }
			);
			io.stdout(m.cli_user_created({ username: user.username, role: user.role }, { locale }));
			return 0;
		}
		case 'list-users': {
			const all = await users.list(db);
			if (all.length === 0) io.stdout(m.cli_no_users({}, { locale }));
			for (const u of all) {
				const place = [
					u.provinceCode === null ? m.cli_place_national({}, { locale }) : m.cli_place_province({ code: u.provinceCode }, { locale }),
					u.unitCode === null ? '' : m.cli_place_commune({ code: u.unitCode }, { locale })
				]
					.filter(Boolean)
					.join(', ');
				const flags = [
					u.disabled ? m.cli_flag_disabled({}, { locale }) : '',
					u.mustChangePassword ? m.cli_flag_must_change_password({}, { locale }) : ''
				]
					.filter(Boolean)
					.join(', ');
				io.stdout(`${u.username.padEnd(20)} ${u.role.padEnd(10)} ${place.padEnd(22)} ${u.displayName}${flags ? `  [${flags}]` : ''}`);
			}
			return 0;
		}
		case 'disable-user':
		case 'enable-user': {
			const disable = command === 'disable-user';
			const user = await users.setDisabled(db, required(values.username, '--username'), disable, null);
			io.stdout(
				disable ? m.cli_user_disabled({ username: user.username }, { locale }) : m.cli_user_enabled({ username: user.username }, { locale })
			);
			return 0;
		}
		case 'reset-password': {
			const row = await requireUser(db, required(values.username, '--username'));
			await users.setPassword(db, row.id, await readPassword(values, io), { reset: true, byUserId: null });
			io.stdout(m.cli_password_reset({ username: row.username }, { locale }));
			return 0;
		}
		case 'set-role': {
			const user = await users.setRole(
				db,
				required(values.username, '--username'),
				{ role: required(values.role, '--role'), provinceCode: code(values.province, '--province'), unitCode: code(values.unit, '--unit') },
				null
			);
			const place = [user.provinceCode, user.unitCode].filter((c) => c !== null).join('/') || m.cli_place_national({}, { locale });
			io.stdout(m.cli_role_set({ username: user.username, role: user.role, place }, { locale }));
			return 0;
		}
		case 'list-sessions': {
			const row = await requireUser(db, required(values.username, '--username'));
			const sessions = await listUserSessions(db, row.id);
			if (sessions.length === 0) io.stdout(m.cli_no_sessions({ username: row.username }, { locale }));
			for (const s of sessions) {
				io.stdout(
					m.cli_session_line({ id: s.id.slice(0, 12), created: s.createdAt, lastSeen: s.lastSeenAt, expires: s.expiresAt }, { locale })
				);
			}
			return 0;
		}
		case 'revoke-sessions': {
			const row = await requireUser(db, required(values.username, '--username'));
			const revoked = await inTransaction(db, async (trx) => {
				const n = await deleteUserSessions(trx, row.id);
				await appendAdminAudit(trx, {
					action: 'sessions_revoked',
					actorUserId: null,
					detail: { userId: row.id, username: row.username, revoked: n, via: 'cli' }
				});
				return n;
			});
			io.stdout(m.cli_sessions_revoked({ count: revoked, username: row.username }, { locale }));
			return 0;
		}
		case 'audit-anchor': {
			const anchor = await auditAnchor(db);
			await appendAdminAudit(db, { action: 'audit_anchored', actorUserId: null, detail: { seq: anchor.seq, hash: anchor.hash } });
			io.stdout(m.cli_anchor_text({ text: anchor.text }, { locale }));
			io.stdout(m.cli_anchor_seq({ seq: anchor.seq }, { locale }));
			io.stdout(m.cli_anchor_hash({ hash: anchor.hash }, { locale }));
			io.stdout(m.cli_anchor_at({ at: anchor.at ?? m.cli_anchor_no_entries({}, { locale }) }, { locale }));
			io.stdout(m.cli_anchor_verify_later({ text: anchor.text }, { locale }));
			return 0;
		}
		case 'verify-audit': {
			if (values.anchor !== undefined) {
				const anchor = parseAnchor(values.anchor);
				if (!anchor) throw new UsageError(m.cli_anchor_format({}, { locale }));
				const report = await verifyAnchor(db, anchor);
				if (report.ok) {
					io.stdout(m.cli_audit_intact_anchored({ checked: report.checked, seq: report.anchorSeq }, { locale }));
					return 0;
				}
				if (report.reason === 'chain_broken' && !report.chain.ok) {
					io.stderr(m.cli_audit_broken_from({ seq: report.chain.firstBadSeq, reason: report.chain.reason }, { locale }));
				} else if (report.reason === 'anchor_moved') {
					io.stderr(m.cli_anchor_moved({}, { locale }));
				} else {
					io.stderr(m.cli_anchor_missing({}, { locale }));
				}
				return 1;
			}
			const report = await verifyChain(db);
			if (report.ok) {
				io.stdout(m.cli_audit_intact({ checked: report.checked }, { locale }));
				return 0;
			}
			io.stderr(m.cli_audit_broken({ seq: report.firstBadSeq, reason: report.reason, checked: report.checked }, { locale }));
			return 1;
		}
		case 'verify-draw': {
			if (!argument) throw new UsageError(m.cli_draw_id_required({}, { locale }));
			const report = await verifyDraw(db, argument);
			if (!report.found || !report.executed) {
				io.stderr(report.found ? m.cli_draw_not_executed({}, { locale }) : m.cli_draw_not_found({}, { locale }));
				return 1;
			}
			io.stdout(m.cli_draw_seed_matches({ answer: yesNo(report.seedMatchesCommitment) }, { locale }));
			io.stdout(m.cli_draw_recomputed({ selection: report.recomputed.join(', ') }, { locale }));
			io.stdout(
				m.cli_draw_selection_matches({ selection: report.selection.join(', '), answer: yesNo(report.selectionMatches) }, { locale })
			);
			io.stdout(m.cli_draw_audit_matches({ answer: yesNo(report.auditMatches) }, { locale }));
			return report.seedMatchesCommitment && report.selectionMatches && report.auditMatches ? 0 : 1;
		}
		case 'blobs-cleanup': {
			const store = blobStore();
			const plan = await planBlobCleanup(db, store, { graceDays: graceDays(values['grace-days']) });
			const dry = values['dry-run'] === true;
			for (const blob of plan.remove) {
				const words = { sha256: blob.sha256, size: blob.size, at: blob.lastSeenAt };
				io.stdout(dry ? m.cli_cleanup_would_remove(words, { locale }) : m.cli_cleanup_removing(words, { locale }));
			}
			io.stdout(
				m.cli_cleanup_summary({ count: plan.remove.length, days: plan.graceDays, cutoff: plan.cutoff, bytes: plan.bytes }, { locale })
			);
			io.stdout(m.cli_cleanup_young({ count: plan.young.count, bytes: plan.young.bytes }, { locale }));
			if (plan.staleTemporaryFiles.length > 0) io.stdout(m.cli_cleanup_temporary({ count: plan.staleTemporaryFiles.length }, { locale }));
			if (dry) {
				io.stdout(m.cli_cleanup_dry_run({}, { locale }));
				return 0;
			}
			const done = await runBlobCleanup(db, store, plan);
			io.stdout(m.cli_cleanup_done({ removed: done.removed, bytes: done.bytes, temporary: done.temporaryFilesRemoved }, { locale }));
			if (done.keptNowReferenced > 0) io.stdout(m.cli_cleanup_kept({ count: done.keptNowReferenced }, { locale }));
			return 0;
		}
		case 'seed-demo': {
			const seed = await seedDemoIfEmpty(db);
			if (!seed) io.stdout(m.cli_demo_exists({}, { locale }));
			else for (const line of describeDemoSeed(seed)) io.stdout(line);
			return 0;
		}
		default:
			throw new UsageError(m.cli_unknown_command({ command }, { locale }));
	}
}

async function requireUser(db: Kysely<Database>, username: string): Promise<UserRow> {
	const row = await users.findByUsername(db, username);
	if (!row) throw new Refusal(404, 'user_not_found', m.cli_user_not_found({ username }, { locale }), 'username');
	return row;
}

/** import-unit-locations <file.csv>: every bad row is reported by number, and then nothing is imported. */
async function importLocations(file: string | undefined, db: Kysely<Database>, io: AdminCliIo): Promise<number> {
	if (!file) throw new UsageError(m.cli_file_required({ command: 'import-unit-locations' }, { locale }));
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		io.stderr(m.cli_read_failed({ file, reason: error instanceof Error ? error.message : String(error) }, { locale }));
		return 1;
	}
	const parsed = parseUnitLocationsCsv(text);
	const result = parsed.errors.length > 0 ? { ok: false as const, errors: parsed.errors } : await importUnitLocations(db, parsed.rows);
	if (!result.ok) {
		for (const e of result.errors) {
			io.stderr(
				e.column
					? m.cli_row_column_error({ row: e.row, column: e.column, message: e.message }, { locale })
					: m.cli_row_error({ row: e.row, message: e.message }, { locale })
			);
		}
		io.stderr(m.cli_rows_refused({ count: result.errors.length }, { locale }));
		return 1;
	}
	io.stdout(m.cli_locations_imported({ count: result.imported }, { locale }));
	return 0;
}

/** Commands that work on files rather than through the opened database. */
const fileCommands = new Set(['backup', 'restore']);

/**
 * backup and restore: SQLite only (PostgreSQL is backed up with pg_dump, docs/operations.md).
 * restore must not open the database first, or it would create the empty one it refuses to
 * overwrite.
 */
async function runFileCommand(command: string, file: string | undefined, io: AdminCliIo): Promise<number> {
	if (!file) throw new UsageError(m.cli_file_required({ command }, { locale }));
	if (process.env.DATABASE_URL) {
		io.stderr(m.cli_postgres_backup({}, { locale }));
		return 1;
	}
	const dataDir = defaultDataDir();
	try {
		if (command === 'backup') {
			const b = await backupSqlite(dataDir, file, blobStore(dataDir));
			io.stdout(m.cli_backup_done({ file: b.file, blobs: b.blobs, bytes: b.blobBytes, seq: b.auditSeq }, { locale }));
			io.stdout(m.cli_backup_head({ hash: b.auditHash }, { locale }));
			return 0;
		}
		const r = await restoreSqlite(file, dataDir, blobStore(dataDir));
		io.stdout(m.cli_restore_done({ file: r.file, dir: dataDir, blobs: r.blobs, at: r.createdAt }, { locale }));
		if (!r.chain.ok) {
			io.stderr(m.cli_restore_chain_bad({ seq: r.chain.firstBadSeq, reason: r.chain.reason }, { locale }));
			return 1;
		}
		io.stdout(m.cli_restore_chain_ok({ checked: r.chain.checked, hash: r.auditHash }, { locale }));
		return 0;
	} catch (error) {
		if (!(error instanceof Error) || error instanceof UsageError) throw error;
		io.stderr(m.cli_refused({ reason: error.message }, { locale }));
		return 1;
	}
}

/** --grace-days: a whole number of days, 0 or more (0 removes every unreferenced blob at once). */
function graceDays(value: string | undefined): number {
	if (value === undefined) return DEFAULT_GRACE_DAYS;
	if (!/^\d+$/.test(value)) throw new UsageError(m.cli_grace_days_invalid({}, { locale }));
	return Number(value);
}

function required(value: string | undefined, flag: string): string {
	if (value === undefined || value.trim() === '') throw new UsageError(m.cli_flag_missing({ flag }, { locale }));
	return value;
}

/** undefined: not given; null: "none" (clears it); otherwise a positive integer code. */
function code(value: string | undefined, flag: string): number | null | undefined {
	if (value === undefined) return undefined;
	if (value === 'none' || value === '') return null;
	if (!/^\d+$/.test(value)) throw new UsageError(m.cli_code_invalid({ flag }, { locale }));
	return Number(value);
}

/** The whole of stdin, less one trailing newline; refuses an empty password. */
async function readPassword(values: Values, io: AdminCliIo): Promise<string> {
	if (!values['password-stdin']) throw new UsageError(m.cli_password_stdin_required({}, { locale }));
	if (io.stdinIsTTY) io.stderr(m.cli_password_prompt({}, { locale }));
	const decoder = new TextDecoder();
	let text = '';
	for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
	text += decoder.decode();
	const password = text.replace(/\r?\n$/, '');
	if (password === '') throw new Refusal(400, 'invalid_request', m.cli_password_empty({}, { locale }), 'password');
	return password;
}

/** The real process's streams, for scripts/admin.js. */
export function processIo(): AdminCliIo {
	return {
		stdin: process.stdin,
		stdinIsTTY: process.stdin.isTTY === true,
		stdout: (line) => process.stdout.write(`${line}\n`),
		stderr: (line) => process.stderr.write(`${line}\n`)
	};
}
