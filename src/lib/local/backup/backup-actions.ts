/**
 * The sync panel's two backup buttons, wired to the device database: save the unsynced work as a
 * file the person keeps (a download: on a phone it lands in Downloads, from where it can be sent
 * by cable, Bluetooth or Zalo to another phone), and restore one. Codes, not words: the panel
 * says them (backup_problem_*).
 */
import type { AppDb } from '../app-db';
import { BackupFileError } from './backup-file';
import {
	BackupRestoreError,
	exportUnsynced,
	restoreUnsynced,
	type BackupStage,
	type BackupSummary,
	type RestoreReport
} from './unsynced-backup';

/** At least this long: the file may travel by chat apps, and the passphrase is all that guards it. */
export const MIN_PASSPHRASE = 8;

export type BackupProblem = BackupFileError['code'] | BackupRestoreError['code'] | 'unreadable_file' | 'unexpected';

export function backupProblemOf(error: unknown): BackupProblem {
	if (error instanceof BackupFileError || error instanceof BackupRestoreError) return error.code;
	if (error instanceof SyntaxError) return 'not_a_backup';
	return 'unexpected';
}

/** `sao-luu-chua-gui-2026-12-06-1430.ktmc` in the device's local time: sorts by date in a folder. */
export function backupFileName(at: Date): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `sao-luu-chua-gui-${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}.ktmc`;
}

/** Builds the file and hands it to the browser as a download. Works offline. */
export async function saveBackupFile(
	db: AppDb,
	userId: string,
	passphrase: string,
	onStage: (stage: BackupStage) => void
): Promise<BackupSummary> {
	const { file, summary } = await exportUnsynced(db, userId, passphrase, onStage);
	const url = URL.createObjectURL(new Blob([file], { type: 'application/octet-stream' }));
	const link = Object.assign(document.createElement('a'), { href: url, download: backupFileName(new Date()) });
	document.body.append(link);
	link.click();
	link.remove();
	// Revoked later: some browsers read the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
	return summary;
}

/** Reads a chosen file and restores it (unsynced-backup.ts); nothing is written unless all of it is. */
export async function restoreBackupFile(
	db: AppDb,
	userId: string,
	file: Blob,
	passphrase: string,
	onStage: (stage: BackupStage) => void
): Promise<RestoreReport> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	return restoreUnsynced(db, userId, bytes, passphrase, onStage);
}
