/**
 * Sign-in and sign-out against the server's JSON endpoints, and the rule that protects unsent
 * work: sign-out is refused while anything is unsynced (other apps wiped offline entries on
 * sign-out; this one never does — and it keeps the database even after a clean sign-out).
 */
import type { AppDb } from '../app-db';
import { localUserSchema, session, type LocalUser } from '../session.svelte';

export type SignInResult = { ok: true; user: LocalUser } | { ok: false; message: string };

export async function signIn(username: string, password: string): Promise<SignInResult> {
	let res: Response;
	try {
		res = await fetch('/api/auth/login', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ username, password })
		});
	} catch {
		return { ok: false, message: 'Cần có mạng để đăng nhập lần đầu trên máy này. Hãy thử lại khi có mạng.' };
	}
	const body = (await res.json().catch(() => null)) as { user?: unknown; error?: { message?: string } } | null;
	if (!res.ok) return { ok: false, message: body?.error?.message ?? `Đăng nhập không thành công (${res.status})` };
	const user = localUserSchema.safeParse(body?.user);
	if (!user.success) return { ok: false, message: 'Máy chủ trả dữ liệu không đọc được' };
	session.signedIn(user.data);
	return { ok: true, user: user.data };
}

/** Changes not yet on the server: queued mutations (pending or refused) and photo bytes. */
export async function unsyncedCount(db: AppDb): Promise<number> {
	const [outbox, blobs] = await Promise.all([db.outbox.count(), db.blobs.where('uploaded').equals(0).count()]);
	return outbox + blobs;
}

export type SignOutResult = { ok: true } | { ok: false; unsynced: number; message: string };

export async function signOut(db: AppDb): Promise<SignOutResult> {
	const unsynced = await unsyncedCount(db);
	if (unsynced > 0)
		return {
			ok: false,
			unsynced,
			message: `Còn ${unsynced} thay đổi chưa đồng bộ. Hãy đồng bộ xong rồi mới đăng xuất để không mất dữ liệu.`
		};
	await fetch('/api/auth/logout', { method: 'POST' }).catch(() => {
		/* offline: the server session expires on its own; nothing local is at risk */
	});
	session.signedOut();
	return { ok: true };
}

/** Changes the signed-in user's password (needs the network); other sessions are ended. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<{ ok: boolean; message: string }> {
	try {
		const res = await fetch('/api/auth/password', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ currentPassword, newPassword })
		});
		if (res.ok) return { ok: true, message: 'Đã đổi mật khẩu.' };
		const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
		return { ok: false, message: body?.error?.message ?? `Không đổi được mật khẩu (${res.status})` };
	} catch {
		return { ok: false, message: 'Cần có mạng để đổi mật khẩu.' };
	}
}
