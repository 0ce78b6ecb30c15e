/**
 * Demo data for a first look: on an empty users table, one province (Hà Nội), a handful of its
 * communes, and one account per role (plus a second inspector and a second ward, so "my record
 * vs someone else's" can be tried). The passwords are public — they are printed at start and
 * listed in the README — so a real deployment creates its first admin with the command line
 * before the first start, or sets DEMO_SEED=off.
 */
import type { Kysely } from 'kysely';
import type { Role } from '$lib/domain/permissions';
import type { Database } from '../db/schema';
import { Refusal } from '../http';
import { hashPassword, verifyPassword } from './passwords';
import { inTransaction } from './transaction';
import * as users from './users';

export interface DemoAccount {
	username: string;
	password: string;
	displayName: string;
	role: Role;
	provinceCode: number | null;
	unitCode: number | null;
}

export interface DemoSeed {
	province: { code: number; name: string };
	communes: { code: number; name: string }[];
	accounts: DemoAccount[];
}

/** Codes and names as in src/lib/units/units-2025.json. */
export const demoProvince = { code: 1, name: 'Thành phố Hà Nội' };

export const demoCommunes = [
	{ code: 70, name: 'Phường Hoàn Kiếm' },
	{ code: 4, name: 'Phường Ba Đình' },
	{ code: 82, name: 'Phường Cửa Nam' },
	{ code: 103, name: 'Phường Tây Hồ' },
	{ code: 376, name: 'Xã Sóc Sơn' }
];

const P = demoProvince.code;

export const demoAccounts: readonly DemoAccount[] = [
	{ username: 'admin', password: 'demo-admin-2025', displayName: 'Quản trị hệ thống', role: 'admin', provinceCode: P, unitCode: null },
	{ username: 'giamsat', password: 'demo-giamsat-2025', displayName: 'Trần Thu Hà', role: 'supervisor', provinceCode: P, unitCode: null },
	{ username: 'kiemtra', password: 'demo-kiemtra-2025', displayName: 'Nguyễn Văn An', role: 'inspector', provinceCode: P, unitCode: null },
	{ username: 'kiemtra2', password: 'demo-kiemtra2-2025', displayName: 'Lê Minh Châu', role: 'inspector', provinceCode: P, unitCode: null },
	{ username: 'phuong', password: 'demo-phuong-2025', displayName: 'UBND Phường Hoàn Kiếm', role: 'ward', provinceCode: P, unitCode: 70 },
	{ username: 'phuong2', password: 'demo-phuong2-2025', displayName: 'UBND Phường Ba Đình', role: 'ward', provinceCode: P, unitCode: 4 }
];

/** False when DEMO_SEED is "off", "false" or "0": the start-up should then not seed. */
export function demoSeedEnabled(env: Record<string, string | undefined> = process.env): boolean {
	return !['off', 'false', '0'].includes((env.DEMO_SEED ?? '').trim().toLowerCase());
}

/**
 * Creates the demo accounts when there are no users at all, and returns what was created (to
 * print); returns null and changes nothing when any user exists, including when another
 * process seeded at the same moment. Database errors are thrown.
 */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<DemoSeed | null> {
	if ((await users.count(db)) > 0) return null;
	// Hash outside the transaction: six Argon2 runs should not hold the writer lock.
	const hashes = await Promise.all(demoAccounts.map((a) => hashPassword(a.password)));
	try {
		return await inTransaction(db, async (trx) => {
			if ((await users.count(trx)) > 0) return null;
			for (const [i, account] of demoAccounts.entries()) {
				await users.create(trx, account, null, { passwordHash: hashes[i], auditDetail: { demo: true } });
			}
			return { province: demoProvince, communes: demoCommunes, accounts: [...demoAccounts] };
		});
	} catch (error) {
		// A concurrent seeder won the race for the first username: its accounts stand.
		if (error instanceof Refusal && error.code === 'username_taken') return null;
		throw error;
	}
}

/** The lines printed at start: where the demo is, and how to sign in. */
export function describeDemoSeed(seed: DemoSeed): string[] {
	const communes = seed.communes.map((c) => `${c.name} (${c.code})`).join(', ');
	return [
		`Dữ liệu mẫu: ${seed.province.name} (mã ${seed.province.code}); xã, phường: ${communes}`,
		'Tài khoản mẫu (tên đăng nhập / mật khẩu — vai trò — đơn vị):',
		...seed.accounts.map((a) => {
			const unit =
				a.unitCode === null ? seed.province.name : (seed.communes.find((c) => c.code === a.unitCode)?.name ?? String(a.unitCode));
			return `  ${a.username} / ${a.password} — ${a.role} — ${a.displayName}, ${unit}`;
		}),
		'Đây là mật khẩu công khai: đổi hoặc khóa các tài khoản này trước khi dùng thật.'
	];
}

/**
 * Usernames of the demo accounts that exist, are enabled and still accept their public password
 * (one Argon2 verification each). The start-up prints a warning and the admin screen shows one
 * while this is not empty.
 */
export async function demoPasswordsInUse(db: Kysely<Database>): Promise<string[]> {
	const usernames = demoAccounts.map((a) => a.username);
	const rows = await db
		.selectFrom('users')
		.select(['username', 'password_hash'])
		.where('username', 'in', usernames)
		.where('disabled', '=', 0)
		.execute();
	const inUse: string[] = [];
	for (const account of demoAccounts) {
		const row = rows.find((r) => r.username === account.username);
		if (row && (await verifyPassword(row.password_hash, account.password))) inUse.push(account.username);
	}
	return inUse;
}

/** The start-up warning while any demo account keeps its public password; empty when none does. */
export function describeDemoPasswordsInUse(usernames: readonly string[]): string[] {
	if (usernames.length === 0) return [];
	return [
		`CẢNH BÁO: tài khoản mẫu vẫn dùng mật khẩu công khai: ${usernames.join(', ')}.`,
		'Đổi mật khẩu hoặc khóa các tài khoản này (npm run admin -- reset-password / disable-user) trước khi dùng thật.'
	];
}
