/**
 * A member's signed part (issue 17, no network at all): the member's own changes to a record,
 * signed on their phone with a per-device key whose public half the trưởng đoàn's phone already
 * holds, so it can travel by QR codes (team-part-transport.ts) and still be trusted.
 *
 * - What it carries: the member's queued mutations on one record, except photos (their bytes are
 *   too large for QR codes; they follow through the server), each with its original mutationId,
 *   createdAt and schemaVersion, in the order the member made them. The server applies them as
 *   the member, exactly once by mutationId, whether they arrive relayed or from the member's phone.
 * - The signature: ECDSA P-256 with SHA-256 over the UTF-8 bytes of `canonicalJson` of the part
 *   without its `signature`, encoded base64url (IEEE P1363 r||s, 64 bytes, as WebCrypto gives it).
 * - The key: `keyId` is the RFC 7638 thumbprint of the public key (base64url SHA-256), so an id
 *   names one key and cannot be pointed at another.
 *
 * Pure and shared: WebCrypto (`globalThis.crypto.subtle`) works in browsers and Node 20. The inner
 * arguments are checked here only as objects: each one is parsed with its own intent's schema by
 * whoever applies it (the server's push, the phone's merge), which keeps this module free of
 * the protocol and the protocol free of a cycle.
 */
import { z } from 'zod';
import { idSchema } from './ids';
import { canonicalJson } from './team-record';

export const PART_FORMAT = 'ktmc-part/1';

/** The intents a part may carry: the member's work on the record, photos excepted. */
export const partIntentNames = ['holdSections', 'addOfficer', 'updateOfficer', 'answerItem', 'setFindingDraft', 'handInPart'] as const;
export type PartIntentName = (typeof partIntentNames)[number];

const isoDateTime = z.iso.datetime({ offset: true, message: 'invalid_datetime' });
const base64url = (length: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${length}}$`), 'invalid_base64url');

/** A P-256 public key as JWK, reduced to the members that define it (RFC 7638). */
export const publicJwkSchema = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: base64url(43), y: base64url(43) });
export type PublicJwk = z.infer<typeof publicJwkSchema>;

/** RFC 7638 thumbprint: base64url SHA-256 of a 32-byte digest, 43 characters. */
export const keyIdSchema = base64url(43);

/** One of the member's mutations, as queued on their phone (without the per-client seq). */
export const partMutationSchema = z.strictObject({
	mutationId: idSchema,
	createdAt: isoDateTime,
	schemaVersion: z.number().int().positive(),
	name: z.enum(partIntentNames),
	args: z.record(z.string(), z.unknown())
});
export type PartMutation = z.infer<typeof partMutationSchema>;

/** Enough for a whole record answered by one member (about 100 items × five officers). */
export const MAX_PART_MUTATIONS = 2000;

const partFields = {
	format: z.literal(PART_FORMAT),
	inspectionId: idSchema,
	userId: idSchema,
	keyId: keyIdSchema,
	createdAt: isoDateTime,
	mutations: z.array(partMutationSchema).min(1).max(MAX_PART_MUTATIONS)
};

export const unsignedPartSchema = z.strictObject(partFields);
export type UnsignedPart = z.infer<typeof unsignedPartSchema>;

/** 64 bytes of r||s in base64url without padding. */
export const signedPartSchema = z.strictObject({ ...partFields, signature: base64url(86) });
export type SignedPart = z.infer<typeof signedPartSchema>;

const ecdsa = { name: 'ECDSA', hash: 'SHA-256' } as const;
const p256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** The bytes the signature covers: canonical JSON of everything but the signature. */
export function signedBytes(part: UnsignedPart | SignedPart): Uint8Array<ArrayBuffer> {
	const { signature: _, ...unsigned } = part as SignedPart;
	return new TextEncoder().encode(canonicalJson(unsigned));
}

/** Signs a part with the member's device key (kept non-extractable on their phone). */
export async function signPart(part: UnsignedPart, privateKey: CryptoKey): Promise<SignedPart> {
	const signature = await crypto.subtle.sign(ecdsa, privateKey, signedBytes(part));
	return { ...part, signature: toBase64url(new Uint8Array(signature)) };
}

/** True when `part` was signed by the private half of `publicJwk`. Never throws on a bad key. */
export async function verifyPartSignature(part: SignedPart, publicJwk: PublicJwk): Promise<boolean> {
	try {
		const key = await crypto.subtle.importKey('jwk', { ...publicJwk, ext: true }, p256, false, ['verify']);
		return await crypto.subtle.verify(ecdsa, key, fromBase64url(part.signature), signedBytes(part));
	} catch {
		return false;
	}
}

/** A fresh device key pair: the private half cannot be read back out of the browser. */
export async function generateDeviceKeyPair(): Promise<CryptoKeyPair> {
	return crypto.subtle.generateKey(p256, false, ['sign', 'verify']);
}

/** The public half as the JWK members RFC 7638 names, in that canonical form. */
export async function exportPublicJwk(publicKey: CryptoKey): Promise<PublicJwk> {
	const jwk = await crypto.subtle.exportKey('jwk', publicKey);
	return publicJwkSchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
}

/** RFC 7638 thumbprint of a P-256 public key: the key's id wherever it is registered. */
export async function keyIdOf(jwk: PublicJwk): Promise<string> {
	const members = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`;
	return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(members))));
}

export function toBase64url(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on characters outside the base64url alphabet. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
	if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

/** A team member's registered public key, as the trưởng đoàn's phone and the server hold it. */
export interface MemberKey {
	userId: string;
	keyId: string;
	publicJwk: PublicJwk;
}

/** Why a readable part is not accepted for this record; the phone words each, the server maps them. */
export type PartRefusal = 'wrong_record' | 'not_on_team' | 'unknown_key' | 'bad_signature';

/**
 * Is `part` a part of this record signed by the member it names? Checks, in order: the record,
 * that the signer is on its team (not the trưởng đoàn, whose changes need no relay), that the
 * key is one of theirs, and the signature. Every inner mutation must also name this record.
 */
export async function authenticatePart(
	part: SignedPart,
	record: { inspectionId: string; leadUserId: string; memberUserIds: readonly string[] },
	keys: readonly MemberKey[]
): Promise<{ ok: true } | { ok: false; code: PartRefusal }> {
	if (part.inspectionId !== record.inspectionId || part.mutations.some((m) => m.args.inspectionId !== record.inspectionId))
		return { ok: false, code: 'wrong_record' };
	if (part.userId === record.leadUserId || !record.memberUserIds.includes(part.userId)) return { ok: false, code: 'not_on_team' };
	const key = keys.find((k) => k.userId === part.userId && k.keyId === part.keyId);
	if (!key) return { ok: false, code: 'unknown_key' };
	return (await verifyPartSignature(part, key.publicJwk)) ? { ok: true } : { ok: false, code: 'bad_signature' };
}
