import { describe, expect, it } from 'vitest';
import type { SignatureMeta } from './inspection';
import { signatureRefusal } from './record-state';

const inspectionId = '0190f3a0-0000-7000-8000-000000000001';
const drawn = (role: 'inspector' | 'unit_rep', contentFingerprint?: string): SignatureMeta => ({
	refused: false,
	inspectionId,
	role,
	signerName: 'Nguyễn Văn An',
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
const now = 'AAAA-BBBB-CCCC-DDDD';
const before = 'AAAA-BBBB-CCCC-0000';

describe('signatures a record needs to be submitted', () => {
	it('both given for the content as it is now, or the refusal recorded for it', () => {
		expect(signatureRefusal([drawn('inspector', now), drawn('unit_rep', now)], now)).toBeNull();
		expect(signatureRefusal([drawn('inspector', now), refused(now)], now)).toBeNull();
	});
	it('refuses missing, void and unbound signatures', () => {
		expect(signatureRefusal([drawn('unit_rep', now)], now)).toBe('inspector_signature_missing');
		expect(signatureRefusal([drawn('inspector', now)], now)).toBe('unit_rep_signature_missing');
		expect(signatureRefusal([drawn('inspector', now), refused(before)], now)).toBe('signatures_void');
		expect(signatureRefusal([drawn('inspector'), drawn('unit_rep', now)], now)).toBe('signatures_void');
	});
});
