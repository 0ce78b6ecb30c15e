import { describe, expect, it } from 'vitest';
import type { SignatureMeta, SignerRole } from './inspection';
import { signatureRefusal } from './record-state';

const inspectionId = '0190f3a0-0000-7000-8000-000000000001';
const drawn = (role: SignerRole, contentFingerprint?: string, signerName = 'Nguyễn Văn An'): SignatureMeta => ({
	refused: false,
	inspectionId,
	role,
	signerName,
	signerPosition: '',
	sha256: 'a'.repeat(64),
	mime: 'image/png',
	size: 10,
	signedAt: '2026-11-25T10:00:00+07:00',
	...(contentFingerprint ? { contentFingerprint } : {})
});
const refused = (contentFingerprint: string): SignatureMeta => ({
	refused: true,
	inspectionId,
	role: 'unit_rep',
	signerName: 'Trần Thị Bình',
	signerPosition: '',
	refusalReason: 'Không đồng ý',
	witnessName: 'Lê Văn Chứng',
	signedAt: '2026-11-25T10:00:00+07:00',
	contentFingerprint
});
const team = [
	{ name: 'Nguyễn Văn An', role: 'truong_doan' as const },
	{ name: 'Phạm Thị Dung', role: 'thu_ky' as const }
];
const now = 'AAAA-BBBB-CCCC-DDDD';
const before = 'AAAA-BBBB-CCCC-0000';

describe('signatures a record needs to be submitted', () => {
	it('both given for the content as it is now, or the refusal recorded for it', () => {
		expect(signatureRefusal([drawn('inspector', now), drawn('unit_rep', now)], now, team)).toBeNull();
		expect(signatureRefusal([drawn('inspector', now), refused(now)], now, team)).toBeNull();
	});
	it('refuses missing, void and unbound signatures', () => {
		expect(signatureRefusal([drawn('unit_rep', now)], now, team)).toBe('inspector_signature_missing');
		expect(signatureRefusal([drawn('inspector', now)], now, team)).toBe('unit_rep_signature_missing');
		expect(signatureRefusal([drawn('inspector', now), refused(before)], now, team)).toBe('signatures_void');
		expect(signatureRefusal([drawn('inspector'), drawn('unit_rep', now)], now, team)).toBe('signatures_void');
	});
	it('a member who signed their own block signed this content; a signature naming nobody on the team does not count', () => {
		const both = [drawn('inspector', now), drawn('unit_rep', now)];
		expect(signatureRefusal([...both, drawn('member:1', now, 'Phạm Thị Dung')], now, team)).toBeNull();
		expect(signatureRefusal([...both, drawn('member:1', before, 'Phạm Thị Dung')], now, team)).toBe('signatures_void');
		// The member at index 1 is someone else now, or there is no index 5: the old signature names nobody.
		expect(signatureRefusal([...both, drawn('member:1', before, 'Hoàng Văn Em')], now, team)).toBeNull();
		expect(signatureRefusal([...both, drawn('member:5', before, 'Phạm Thị Dung')], now, team)).toBeNull();
		// The leader's index is signed as 'inspector', never as a member.
		expect(signatureRefusal([...both, drawn('member:0', before)], now, team)).toBeNull();
	});
});
