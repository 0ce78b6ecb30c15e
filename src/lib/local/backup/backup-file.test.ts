import { describe, expect, it } from 'vitest';
import { BackupFileError, HEADER_BYTES, MAGIC, openBackup, sealBackup } from './backup-file';

const FAST = 1_000;
const content = new TextEncoder().encode('{"biên bản":"chưa gửi"}');

async function refusal(promise: Promise<unknown>): Promise<string> {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(BackupFileError);
	return (err as BackupFileError).code;
}

describe('backup file', () => {
	it('round-trips the content with the right passphrase, under a header naming the format', async () => {
		const file = await sealBackup(content, 'mật khẩu sao lưu', FAST);
		expect(new TextDecoder().decode(file.subarray(0, 8))).toBe(MAGIC);
		expect(file[8]).toBe(1);
		expect(await openBackup(file, 'mật khẩu sao lưu')).toEqual(content);
	});

	it('uses a fresh salt and IV each time: the same content never gives the same file', async () => {
		const a = await sealBackup(content, 'p', FAST);
		const b = await sealBackup(content, 'p', FAST);
		expect(Buffer.from(a.subarray(14, HEADER_BYTES - 16)).equals(Buffer.from(b.subarray(14, HEADER_BYTES - 16)))).toBe(false);
	});

	it('tells a wrong passphrase apart from a damaged file', async () => {
		const file = await sealBackup(content, 'đúng', FAST);
		expect(await refusal(openBackup(file, 'sai'))).toBe('wrong_passphrase');
		const tampered = file.slice();
		tampered[tampered.length - 5]! ^= 0x01;
		expect(await refusal(openBackup(tampered, 'đúng'))).toBe('damaged');
		expect(await refusal(openBackup(file.slice(0, file.length - 1), 'đúng'))).toBe('damaged');
	});

	it('finds a changed header byte (authenticated as additional data)', async () => {
		const file = await sealBackup(content, 'đúng', FAST);
		const tampered = file.slice();
		// The iteration count: a different key, so the check value no longer matches.
		tampered[13]! ^= 0x01;
		expect(await refusal(openBackup(tampered, 'đúng'))).toBe('wrong_passphrase');
		const iv = file.slice();
		iv[14 + 16]! ^= 0x01;
		expect(await refusal(openBackup(iv, 'đúng'))).toBe('damaged');
	});

	it('refuses what is not a backup of this format', async () => {
		expect(await refusal(openBackup(new TextEncoder().encode('not a backup at all, just text ........................'), 'x'))).toBe(
			'not_a_backup'
		);
		const file = await sealBackup(content, 'x', FAST);
		file[8] = 2;
		expect(await refusal(openBackup(file, 'x'))).toBe('unsupported_version');
	});
});
