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

export interface AdminCliIo {
	stdin: AsyncIterable<string | Uint8Array>;
	/** Whether stdin is a terminal: the password prompt then says how to finish. */
	stdinIsTTY?: boolean;
	stdout(line: string): void;
	stderr(line: string): void;
	/** The database to work on; when absent the server's is opened (and migrated) and closed again. */
	db?: Kysely<Database>;
}

export const usage = `Cách dùng: npm run admin -- <lệnh> [tùy chọn]

Lệnh:
  create-user --username <tên> --role <vai trò> [--display-name <họ tên>] [--province <mã>] [--unit <mã>] --password-stdin
  list-users
  disable-user --username <tên>
  enable-user --username <tên>
  reset-password --username <tên> --password-stdin
  set-role --username <tên> --role <vai trò> [--province <mã>|none] [--unit <mã>|none]
  list-sessions --username <tên>
  revoke-sessions --username <tên>
  verify-audit [--anchor <số>:<mã băm>]   kiểm tra chuỗi; với --anchor: chuỗi còn đi qua đúng mục đã neo
  verify-draw <mã lượt bốc thăm>
                      tính lại lượt bốc thăm từ hạt giống, danh sách và quy tắc đã công bố (docs/draw.md)
  audit-anchor        in đầu chuỗi kiểm toán (số mục, mã băm, thời điểm) để ghi vào văn bản chính thức
  seed-demo
  backup <tệp>        sao lưu SQLite (cơ sở dữ liệu và ảnh) vào một tệp, khi máy chủ đang chạy
  restore <tệp>       khôi phục vào DATA_DIR còn trống, rồi kiểm tra ảnh và nhật ký kiểm toán
  import-unit-locations <tệp.csv>
                      nhập vị trí đơn vị (unit_code,lat,lng; docs/units.md); có dòng lỗi thì không nhập gì
  blobs-cleanup [--dry-run] [--grace-days <số ngày>]
                      xóa ảnh không biên bản nào dùng, cũ hơn thời gian chờ (mặc định 30 ngày);
                      --dry-run chỉ liệt kê, không xóa

Vai trò: admin, supervisor, inspector, ward. Mã tỉnh và mã xã, phường theo danh mục 2025.
Mật khẩu đọc từ đầu vào chuẩn, ví dụ: printf '%s' 'mat-khau-dai' | npm run admin -- reset-password --username an --password-stdin`;

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
		command = parsed.positionals[0];
		file = parsed.positionals[1];
		const takesArgument = command === 'import-unit-locations' || command === 'verify-draw';
		const allowed = command !== undefined && (fileCommands.has(command) || takesArgument) ? 2 : 1;
		if (parsed.positionals.length > allowed) throw new UsageError(`Thừa tham số: ${parsed.positionals.slice(allowed).join(' ')}`);
	} catch (error) {
		io.stderr(error instanceof Error ? error.message : String(error));
		io.stderr(usage);
		return 2;
	}
	if (!command || values.help || command === 'help') {
		io.stdout(usage);
		return command || values.help ? 0 : 2;
	}

	if (fileCommands.has(command)) {
		try {
			return await runFileCommand(command, file, io);
		} catch (error) {
			if (!(error instanceof UsageError)) throw error;
			io.stderr(error.message);
			io.stderr(usage);
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
			io.stderr(usage);
			return 2;
		}
		if (error instanceof Refusal) {
			io.stderr(`Không thực hiện được: ${error.message}${error.field ? ` (${error.field})` : ''}`);
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
			io.stdout(`Đã tạo tài khoản ${user.username} (${user.role}).`);
			return 0;
		}
		case 'list-users': {
			const all = await users.list(db);
			if (all.length === 0) io.stdout('Chưa có tài khoản nào.');
			for (const u of all) {
				const place = [u.provinceCode === null ? 'toàn quốc' : `tỉnh ${u.provinceCode}`, u.unitCode === null ? '' : `xã ${u.unitCode}`]
					.filter(Boolean)
					.join(', ');
				const flags = [u.disabled ? 'ĐÃ KHÓA' : '', u.mustChangePassword ? 'phải đổi mật khẩu' : ''].filter(Boolean).join(', ');
				io.stdout(`${u.username.padEnd(20)} ${u.role.padEnd(10)} ${place.padEnd(22)} ${u.displayName}${flags ? `  [${flags}]` : ''}`);
			}
			return 0;
		}
		case 'disable-user':
		case 'enable-user': {
			const disable = command === 'disable-user';
			const user = await users.setDisabled(db, required(values.username, '--username'), disable, null);
			io.stdout(
				disable ? `Đã khóa tài khoản ${user.username}; mọi phiên đăng nhập đã kết thúc.` : `Đã mở khóa tài khoản ${user.username}.`
			);
			return 0;
		}
		case 'reset-password': {
			const row = await requireUser(db, required(values.username, '--username'));
			await users.setPassword(db, row.id, await readPassword(values, io), { reset: true, byUserId: null });
			io.stdout(`Đã đặt lại mật khẩu cho ${row.username}; người dùng phải đổi mật khẩu khi đăng nhập.`);
			return 0;
		}
		case 'set-role': {
			const user = await users.setRole(
				db,
				required(values.username, '--username'),
				{ role: required(values.role, '--role'), provinceCode: code(values.province, '--province'), unitCode: code(values.unit, '--unit') },
				null
			);
			const place = [user.provinceCode, user.unitCode].filter((c) => c !== null).join('/') || 'toàn quốc';
			io.stdout(`${user.username} giờ là ${user.role} (${place}).`);
			return 0;
		}
		case 'list-sessions': {
			const row = await requireUser(db, required(values.username, '--username'));
			const sessions = await listUserSessions(db, row.id);
			if (sessions.length === 0) io.stdout(`${row.username} không có phiên đăng nhập nào.`);
			for (const s of sessions) {
				io.stdout(`${s.id.slice(0, 12)}  bắt đầu ${s.createdAt}  dùng lần cuối ${s.lastSeenAt}  hết hạn ${s.expiresAt}`);
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
			io.stdout(`Đã kết thúc ${revoked} phiên đăng nhập của ${row.username}.`);
			return 0;
		}
		case 'audit-anchor': {
			const anchor = await auditAnchor(db);
			await appendAdminAudit(db, { action: 'audit_anchored', actorUserId: null, detail: { seq: anchor.seq, hash: anchor.hash } });
			io.stdout(`Neo nhật ký kiểm toán: ${anchor.text}`);
			io.stdout(`Số mục: ${anchor.seq}`);
			io.stdout(`Mã băm SHA-256 của mục cuối: ${anchor.hash}`);
			io.stdout(`Thời điểm của mục cuối: ${anchor.at ?? '(chưa có mục nào)'}`);
			io.stdout(`Kiểm tra về sau: npm run admin -- verify-audit --anchor ${anchor.text}`);
			return 0;
		}
		case 'verify-audit': {
			if (values.anchor !== undefined) {
				const anchor = parseAnchor(values.anchor);
				if (!anchor) throw new UsageError('--anchor phải có dạng <số mục>:<mã băm 64 ký tự hex> (như audit-anchor in ra)');
				const report = await verifyAnchor(db, anchor);
				if (report.ok) {
					io.stdout(`Nhật ký kiểm toán nguyên vẹn: ${report.checked} mục, vẫn đi qua mục đã neo số ${report.anchorSeq}.`);
					return 0;
				}
				if (report.reason === 'chain_broken' && !report.chain.ok) {
					io.stderr(`Nhật ký kiểm toán bị sửa hoặc thiếu từ mục số ${report.chain.firstBadSeq} (${report.chain.reason}).`);
				} else if (report.reason === 'anchor_moved') {
					io.stderr('Mục đã neo nằm ở vị trí khác: có mục bị xóa hoặc chèn trước nó (anchor_moved).');
				} else {
					io.stderr('Không còn mục nào khớp với neo: nhật ký đã bị tính lại mã băm hoặc cắt bớt từ trước thời điểm neo (anchor_missing).');
				}
				return 1;
			}
			const report = await verifyChain(db);
			if (report.ok) {
				io.stdout(`Nhật ký kiểm toán nguyên vẹn: ${report.checked} mục.`);
				return 0;
			}
			io.stderr(
				`Nhật ký kiểm toán bị sửa hoặc thiếu từ mục số ${report.firstBadSeq} (${report.reason}); ${report.checked} mục trước đó hợp lệ.`
			);
			return 1;
		}
		case 'verify-draw': {
			if (!argument) throw new UsageError('verify-draw cần mã lượt bốc thăm');
			const report = await verifyDraw(db, argument);
			if (!report.found || !report.executed) {
				io.stderr(report.found ? 'Lượt bốc thăm chưa được thực hiện: chưa có gì để kiểm tra.' : 'Không có lượt bốc thăm với mã này.');
				return 1;
			}
			io.stdout(`Hạt giống khớp mã băm đã cam kết: ${report.seedMatchesCommitment ? 'có' : 'KHÔNG'}`);
			io.stdout(`Kết quả tính lại: ${report.recomputed.join(', ')}`);
			io.stdout(`Khớp kết quả đã công bố (${report.selection.join(', ')}): ${report.selectionMatches ? 'có' : 'KHÔNG'}`);
			io.stdout(`Khớp nhật ký kiểm toán: ${report.auditMatches ? 'có' : 'KHÔNG'}`);
			return report.seedMatchesCommitment && report.selectionMatches && report.auditMatches ? 0 : 1;
		}
		case 'blobs-cleanup': {
			const store = blobStore();
			const plan = await planBlobCleanup(db, store, { graceDays: graceDays(values['grace-days']) });
			const what = values['dry-run'] ? 'Sẽ xóa' : 'Xóa';
			for (const blob of plan.remove) io.stdout(`${what} ${blob.sha256}  ${blob.size} byte  (lần cuối ${blob.lastSeenAt})`);
			io.stdout(
				`${plan.remove.length} ảnh không biên bản nào dùng, cũ hơn ${plan.graceDays} ngày (trước ${plan.cutoff}): ${plan.bytes} byte.`
			);
			io.stdout(`Giữ lại ${plan.young.count} ảnh chưa dùng nhưng còn trong thời gian chờ (${plan.young.bytes} byte).`);
			if (plan.staleTemporaryFiles.length > 0) io.stdout(`${plan.staleTemporaryFiles.length} tệp tạm của lần tải lên dở dang.`);
			if (values['dry-run']) {
				io.stdout('Chạy thử (--dry-run): chưa xóa gì.');
				return 0;
			}
			const done = await runBlobCleanup(db, store, plan);
			io.stdout(`Đã xóa ${done.removed} ảnh (${done.bytes} byte) và ${done.temporaryFilesRemoved} tệp tạm; đã ghi nhật ký kiểm toán.`);
			if (done.keptNowReferenced > 0) io.stdout(`Giữ lại ${done.keptNowReferenced} ảnh vừa được biên bản dùng trong lúc chạy.`);
			return 0;
		}
		case 'seed-demo': {
			const seed = await seedDemoIfEmpty(db);
			if (!seed) io.stdout('Đã có tài khoản: không tạo dữ liệu mẫu.');
			else for (const line of describeDemoSeed(seed)) io.stdout(line);
			return 0;
		}
		default:
			throw new UsageError(`Không có lệnh "${command}"`);
	}
}

async function requireUser(db: Kysely<Database>, username: string): Promise<UserRow> {
	const row = await users.findByUsername(db, username);
	if (!row) throw new Refusal(404, 'user_not_found', `Không có tài khoản "${username}"`, 'username');
	return row;
}

/** import-unit-locations <file.csv>: every bad row is reported by number, and then nothing is imported. */
async function importLocations(file: string | undefined, db: Kysely<Database>, io: AdminCliIo): Promise<number> {
	if (!file) throw new UsageError('Thiếu tên tệp: npm run admin -- import-unit-locations <tệp.csv>');
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		io.stderr(`Không đọc được ${file}: ${error instanceof Error ? error.message : String(error)}`);
		return 1;
	}
	const parsed = parseUnitLocationsCsv(text);
	const result = parsed.errors.length > 0 ? { ok: false as const, errors: parsed.errors } : await importUnitLocations(db, parsed.rows);
	if (!result.ok) {
		for (const e of result.errors) io.stderr(`Dòng ${e.row}${e.column ? `, cột ${e.column}` : ''}: ${e.message}`);
		io.stderr(`${result.errors.length} dòng lỗi: chưa nhập gì.`);
		return 1;
	}
	io.stdout(`Đã nhập vị trí của ${result.imported} đơn vị; đã ghi nhật ký kiểm toán.`);
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
	if (!file) throw new UsageError(`Thiếu tên tệp: npm run admin -- ${command} <tệp>`);
	if (process.env.DATABASE_URL) {
		io.stderr('Máy chủ dùng PostgreSQL: sao lưu bằng pg_dump và chép thư mục ảnh DATA_DIR/blobs (xem docs/operations.md).');
		return 1;
	}
	const dataDir = defaultDataDir();
	try {
		if (command === 'backup') {
			const b = await backupSqlite(dataDir, file);
			io.stdout(`Đã sao lưu vào ${b.file}: ${b.blobs} tệp ảnh (${b.blobBytes} byte), nhật ký kiểm toán đến mục ${b.auditSeq}.`);
			io.stdout(`Đầu chuỗi kiểm toán: ${b.auditHash}`);
			return 0;
		}
		const r = await restoreSqlite(file, dataDir);
		io.stdout(`Đã khôi phục ${r.file} vào ${dataDir}: ${r.blobs} tệp ảnh, sao lưu lúc ${r.createdAt}.`);
		if (!r.chain.ok) {
			io.stderr(`Nhật ký kiểm toán sau khôi phục không hợp lệ từ mục ${r.chain.firstBadSeq} (${r.chain.reason}).`);
			return 1;
		}
		io.stdout(`Nhật ký kiểm toán nguyên vẹn: ${r.chain.checked} mục, đầu chuỗi ${r.auditHash}.`);
		return 0;
	} catch (error) {
		if (!(error instanceof Error) || error instanceof UsageError) throw error;
		io.stderr(`Không thực hiện được: ${error.message}`);
		return 1;
	}
}

/** --grace-days: a whole number of days, 0 or more (0 removes every unreferenced blob at once). */
function graceDays(value: string | undefined): number {
	if (value === undefined) return DEFAULT_GRACE_DAYS;
	if (!/^\d+$/.test(value)) throw new UsageError('--grace-days phải là một số ngày (số nguyên không âm)');
	return Number(value);
}

function required(value: string | undefined, flag: string): string {
	if (value === undefined || value.trim() === '') throw new UsageError(`Thiếu ${flag}`);
	return value;
}

/** undefined: not given; null: "none" (clears it); otherwise a positive integer code. */
function code(value: string | undefined, flag: string): number | null | undefined {
	if (value === undefined) return undefined;
	if (value === 'none' || value === '') return null;
	if (!/^\d+$/.test(value)) throw new UsageError(`${flag} phải là một mã số hoặc "none"`);
	return Number(value);
}

/** The whole of stdin, less one trailing newline; refuses an empty password. */
async function readPassword(values: Values, io: AdminCliIo): Promise<string> {
	if (!values['password-stdin']) throw new UsageError('Cần --password-stdin: mật khẩu được đọc từ đầu vào chuẩn');
	if (io.stdinIsTTY) io.stderr('Nhập mật khẩu rồi nhấn Enter và Ctrl-D (chữ sẽ hiện trên màn hình):');
	const decoder = new TextDecoder();
	let text = '';
	for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
	text += decoder.decode();
	const password = text.replace(/\r?\n$/, '');
	if (password === '') throw new Refusal(400, 'invalid_request', 'Mật khẩu trống', 'password');
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
