/**
 * Password hashing: Argon2id (the library's default algorithm) with OWASP's baseline cost,
 * 19 MiB of memory and 2 passes, about 20–50 ms per hash on a small server. Only the PHC string
 * (`$argon2id$v=19$m=…`) is stored; it carries its own salt and parameters, so raising the cost
 * later does not break existing hashes.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** Hashes a new password. Rejects only if the native library fails (out of memory). */
export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

/**
 * True when `password` matches `passwordHash`. A malformed stored hash counts as a mismatch
 * (logged, never thrown), so a damaged row locks its own account out and nothing else.
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch (error) {
		console.error('[auth] stored password hash could not be read:', error instanceof Error ? error.message : error);
		return false;
	}
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time a real verification would, for a username that does not exist, so the
 * answer's timing does not tell an attacker which usernames are real. Always resolves false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
	await verifyPassword(await dummyHash, password);
	return false;
}
