import { describe, expect, it } from 'vitest';
import type { SignaturePosition } from './inspection';
import {
	canonicalRecord,
	canonicalSignedContent,
	fingerprintSchema,
	signatureCoverage,
	signedContentFingerprint,
	recordFingerprint,
	sameFingerprint,
	verificationUrl,
	verifyQuerySchema,
	type RecordContent
} from './record-fingerprint';
import type { InterviewAnnex } from './interview';

const id = '0190f3a0-0000-7000-8000-000000000001';
const officerA = '0190f3a0-0000-7000-8000-0000000000a1';
const officerB = '0190f3a0-0000-7000-8000-0000000000b2';
const sha = (c: string) => c.repeat(64);

function record(): RecordContent {
	return {
		inspection: {
			id,
			unit: { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
			startedAt: '2026-11-25T08:30:00.000+07:00',
			endedAt: '2026-11-25T10:15:00.000+07:00',
			position: null,
			positionNote: '',
			team: [
				{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Phó Giám đốc', organisation: 'Sở Nội vụ' },
				{ name: 'Lê Thị Cúc', role: 'thu_ky', position: 'Chuyên viên', organisation: 'Sở Nội vụ' }
			],
			unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
			basis: 'Kế hoạch số 12/KH-SNV',
			address: '',
			templateId: 'thu',
			templateVersion: '1',
			sectionIds: ['A', 'D'],
			status: 'submitted',
			createdBy: 'inspector-1',
			createdAt: '2026-11-25T01:29:00.000Z',
			recommendations: 'Tăng cường niêm yết.',
			unitOpinion: 'Thống nhất.'
		},
		officers: [
			{ id: officerA, inspectionId: id, name: 'Phạm Văn Dũng', position: 'Công chức', desk: 'Tư pháp', order: 0 },
			{ id: officerB, inspectionId: id, name: 'Hoàng Thị Em', position: '', desk: 'Địa chính', order: 1 }
		],
		answers: [
			{
				inspectionId: id,
				itemId: 'A1',
				officerId: '',
				value: { kind: 'pass', result: 'fail' },
				note: 'Thiếu bảng',
				answeredAt: '2026-11-25T01:40:00.000Z'
			},
			{
				inspectionId: id,
				itemId: 'A2',
				officerId: '',
				value: { kind: 'count', numerator: 3, denominator: 10 },
				note: '',
				answeredAt: '2026-11-25T01:41:00.000Z'
			},
			{
				inspectionId: id,
				itemId: 'D1',
				officerId: officerA,
				value: { kind: 'pass', result: 'pass' },
				note: '',
				answeredAt: '2026-11-25T01:42:00.000Z'
			},
			{
				inspectionId: id,
				itemId: 'D1',
				officerId: officerB,
				value: { kind: 'pass', result: 'pass' },
				note: '',
				answeredAt: '2026-11-25T01:43:00.000Z'
			}
		],
		signatures: [
			{
				inspectionId: id,
				role: 'inspector',
				refused: false,
				signerName: 'Nguyễn Văn An',
				signerPosition: '',
				sha256: sha('a'),
				mime: 'image/png',
				size: 1200,
				signedAt: '2026-11-25T03:10:00.000Z'
			},
			{
				inspectionId: id,
				role: 'unit_rep',
				refused: true,
				signerName: 'Trần Thị Bình',
				signerPosition: '',
				refusalReason: 'Không đồng ý kết luận',
				signedAt: '2026-11-25T03:11:00.000Z'
			}
		],
		findings: [
			{
				itemId: 'A1',
				sectionId: 'A',
				title: 'Niêm yết đủ',
				detail: 'Không đạt',
				officerIds: [],
				critical: false,
				legal: [{ document: 'Nghị định 61/2018/NĐ-CP' }],
				recommendation: 'Niêm yết lại đầy đủ',
				deadline: '2026-12-02'
			},
			{
				itemId: 'A2',
				sectionId: 'A',
				title: 'Số TTHC',
				detail: '3/10',
				officerIds: [],
				critical: true,
				legal: [{ document: 'Nghị định 61/2018/NĐ-CP', article: 'Điều 13' }],
				recommendation: 'Bổ sung niêm yết',
				deadline: '2026-12-09'
			}
		]
	};
}

const reversed = <T>(xs: readonly T[]) => [...xs].reverse();

describe('record fingerprint', () => {
	it('is four groups of four hex digits and satisfies its own schema', async () => {
		const fp = await recordFingerprint(record());
		expect(fp).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
		expect(fingerprintSchema.parse(fp.toLowerCase())).toBe(fp);
	});

	it('does not depend on the order of lists, object keys, time zone notation or edit times', async () => {
		const r = record();
		const shuffled: RecordContent = {
			inspection: {
				...Object.fromEntries(Object.entries(r.inspection).reverse()),
				team: reversed(r.inspection.team),
				sectionIds: ['D', 'A'],
				startedAt: '2026-11-25T01:30:00Z',
				status: 'approved',
				createdBy: 'someone-else'
			} as RecordContent['inspection'],
			officers: reversed(r.officers).map((o, n) => ({ ...o, order: n })),
			answers: reversed(r.answers).map((a) => ({ ...a, answeredAt: '2026-11-26T00:00:00.000Z' })),
			signatures: reversed(r.signatures),
			findings: reversed(r.findings).map((f, n) => ({
				...f,
				id: `0190f3a0-0000-7000-8000-00000000f00${n}`,
				inspectionId: id,
				status: 'fixed'
			}))
		};
		expect(canonicalRecord(shuffled)).toBe(canonicalRecord(r));
		expect(await recordFingerprint(shuffled)).toBe(await recordFingerprint(r));
	});

	it('treats absent defaults, empty answers and Unicode composition as the same content', async () => {
		const r = record();
		const { recommendations: _r, unitOpinion: _u, ...bare } = r.inspection as Record<string, unknown>;
		const withDefaults: RecordContent = { ...r, inspection: { ...r.inspection, recommendations: '', unitOpinion: '' } };
		const absent: RecordContent = {
			...r,
			inspection: bare as RecordContent['inspection'],
			officers: r.officers.map((o) => (o.position === '' ? { ...o, position: undefined } : o)),
			answers: [
				...r.answers,
				{ inspectionId: id, itemId: 'A3', officerId: '', value: null, note: '', answeredAt: '2026-11-25T01:50:00.000Z' }
			]
		};
		expect(await recordFingerprint(absent)).toBe(await recordFingerprint(withDefaults));

		const decomposed: RecordContent = { ...r, inspection: { ...r.inspection, unitOpinion: 'Thống nhất.'.normalize('NFD') } };
		expect(await recordFingerprint(decomposed)).toBe(await recordFingerprint(r));
	});

	const changes: [string, (r: RecordContent) => RecordContent][] = [
		[
			'an answer value',
			(r) => ({
				...r,
				answers: r.answers.map((a) => (a.itemId === 'A2' ? { ...a, value: { kind: 'count', numerator: 4, denominator: 10 } } : a))
			})
		],
		['an answer note', (r) => ({ ...r, answers: r.answers.map((a, n) => (n === 0 ? { ...a, note: 'Thiếu bảng niêm yết' } : a)) })],
		['a removed answer', (r) => ({ ...r, answers: r.answers.slice(1) })],
		[
			'the officer an answer is for',
			(r) => ({ ...r, answers: r.answers.map((a) => (a.officerId === officerB ? { ...a, officerId: officerA, itemId: 'D2' } : a)) })
		],
		['a finding title', (r) => ({ ...r, findings: r.findings.map((f, n) => (n === 0 ? { ...f, title: 'Niêm yết' } : f)) })],
		[
			'a finding recommendation',
			(r) => ({ ...r, findings: r.findings.map((f, n) => (n === 0 ? { ...f, recommendation: 'Niêm yết lại' } : f)) })
		],
		['a finding deadline', (r) => ({ ...r, findings: r.findings.map((f, n) => (n === 1 ? { ...f, deadline: '2026-12-10' } : f)) })],
		['whether a finding is critical', (r) => ({ ...r, findings: r.findings.map((f, n) => (n === 0 ? { ...f, critical: true } : f)) })],
		['a removed finding', (r) => ({ ...r, findings: r.findings.slice(0, 1) })],
		['a signature image', (r) => ({ ...r, signatures: r.signatures.map((s) => (s.refused ? s : { ...s, sha256: sha('b') })) })],
		['a refusal reason', (r) => ({ ...r, signatures: r.signatures.map((s) => (s.refused ? { ...s, refusalReason: 'Lý do khác' } : s)) })],
		['an officer name', (r) => ({ ...r, officers: r.officers.map((o, n) => (n === 1 ? { ...o, name: 'Hoàng Thị Én' } : o)) })],
		['a team member', (r) => ({ ...r, inspection: { ...r.inspection, team: r.inspection.team.slice(0, 1) } })],
		['a unit representative', (r) => ({ ...r, inspection: { ...r.inspection, unitReps: [{ name: 'Trần Văn Bình', position: '' }] } })],
		['the end time', (r) => ({ ...r, inspection: { ...r.inspection, endedAt: '2026-11-25T10:16:00.000+07:00' } })],
		['the unit', (r) => ({ ...r, inspection: { ...r.inspection, unit: { ...r.inspection.unit, code: 71 } } })],
		['the recommendations', (r) => ({ ...r, inspection: { ...r.inspection, recommendations: 'Tăng cường niêm yết!' } })],
		['the unit opinion', (r) => ({ ...r, inspection: { ...r.inspection, unitOpinion: 'Không thống nhất.' } })],
		['the inspection id', (r) => ({ ...r, inspection: { ...r.inspection, id: '0190f3a0-0000-7000-8000-000000000002' } })]
	];
	it.each(changes)('changes when %s changes', async (_what, change) => {
		expect(await recordFingerprint(change(record()))).not.toBe(await recordFingerprint(record()));
	});

	it('refuses content that breaks the shared schemas', () => {
		const r = record();
		expect(() => canonicalRecord({ ...r, findings: [{ ...r.findings[0]!, deadline: '2.12.2026' }] })).toThrow();
	});

	it('parses the verification query and builds its URL', () => {
		expect(verificationUrl('https://kiemtra.example.vn/', id, 'ABCD-0123-4567-89EF')).toBe(
			`https://kiemtra.example.vn/verify/${id}?fp=ABCD-0123-4567-89EF`
		);
		expect(verifyQuerySchema.safeParse({ id, fp: ' abcd-0123-4567-89ef ' }).data?.fp).toBe('ABCD-0123-4567-89EF');
		expect(verifyQuerySchema.safeParse({ id, fp: 'ABCD-0123-4567' }).success).toBe(false);
		expect(verifyQuerySchema.safeParse({ id: 'not-an-id', fp: 'ABCD-0123-4567-89EF' }).success).toBe(false);
		expect(sameFingerprint('ABCD-0123-4567-89EF', 'ABCD-0123-4567-89EF')).toBe(true);
		expect(sameFingerprint('ABCD-0123-4567-89EF', 'ABCD-0123-4567-89EE')).toBe(false);
	});

	it('leaves out answers for an officer not on the record (a removed one the device still holds)', async () => {
		const r = record();
		const ghost = { ...r.answers[0]!, officerId: '0190f3a0-0000-7000-8000-0000000000c3', itemId: 'D1' };
		expect(await recordFingerprint({ ...r, answers: [...r.answers, ghost] })).toBe(await recordFingerprint(r));
		expect(await signedContentFingerprint({ ...r, answers: [...r.answers, ghost] })).toBe(await signedContentFingerprint(r));
	});

	it('keeps the fingerprint of a record that does not state the fields added later', async () => {
		const r = record();
		const before = await recordFingerprint(r);
		const text = canonicalRecord(r);
		expect(text).not.toMatch(/contentFingerprint|unitNoOpinion|witness|inspectionType/);
		// Stating "no" explicitly is the same as not stating it.
		expect(await recordFingerprint({ ...r, inspection: { ...r.inspection, unitNoOpinion: false } })).toBe(before);
		expect(await recordFingerprint({ ...r, inspection: { ...r.inspection, unitNoOpinion: true } })).not.toBe(before);
	});

	it('covers the inspection type once a record states it', async () => {
		const r = record();
		const before = await recordFingerprint(r);
		const periodic = await recordFingerprint({ ...r, inspection: { ...r.inspection, inspectionType: 'dinh_ky' } });
		expect(periodic).not.toBe(before);
		expect(await recordFingerprint({ ...r, inspection: { ...r.inspection, inspectionType: 'chuyen_de' } })).not.toBe(periodic);
		const parts = { officers: r.officers, answers: r.answers, findings: r.findings };
		expect(await signedContentFingerprint({ ...parts, inspection: { ...r.inspection, inspectionType: 'dinh_ky' } })).not.toBe(
			await signedContentFingerprint({ ...parts, inspection: r.inspection })
		);
	});

	it('covers a self-inspection, so it can never pass for an official record; official ones keep their fingerprint', async () => {
		const r = record();
		const before = await recordFingerprint(r);
		expect(await recordFingerprint({ ...r, inspection: { ...r.inspection, kind: 'official' } })).toBe(before);
		expect(await recordFingerprint({ ...r, inspection: { ...r.inspection, kind: 'self' } })).not.toBe(before);
		const parts = { officers: r.officers, answers: r.answers, findings: r.findings };
		expect(await signedContentFingerprint({ ...parts, inspection: { ...r.inspection, kind: 'self' } })).not.toBe(
			await signedContentFingerprint({ ...parts, inspection: r.inspection })
		);
	});

	it("covers a team member's account once stated, and each member's own signature while it names the member", async () => {
		const r = record();
		const before = await recordFingerprint(r);
		expect(canonicalRecord(r)).not.toMatch(/userId/);
		const userId = '0190f3a0-0000-7000-8000-0000000000c1';
		const [lead, secretary] = r.inspection.team as [(typeof r.inspection.team)[0], (typeof r.inspection.team)[0]];
		const withAccount = { ...r, inspection: { ...r.inspection, team: [{ ...lead, userId }, secretary] } };
		expect(await recordFingerprint(withAccount)).not.toBe(before);
		expect(await signedContentFingerprint({ ...withAccount, inspection: withAccount.inspection })).not.toBe(
			await signedContentFingerprint(r)
		);

		// The thư ký (index 1) signs her own block: part of the record.
		const own = { inspectionId: id, refused: false as const, signerPosition: '', sha256: sha('c'), mime: 'image/png' as const, size: 900 };
		const signedByHer = { ...own, role: 'member:1' as const, signerName: 'Lê Thị Cúc', signedAt: '2026-11-25T03:12:00.000Z' };
		const withHers = await recordFingerprint({ ...r, signatures: [...r.signatures, signedByHer] });
		expect(withHers).not.toBe(before);
		expect(canonicalRecord({ ...r, signatures: [...r.signatures, signedByHer] })).toContain('member:1');
		// A signature naming someone not at that place (renamed, removed, the leader's index) is no part of it.
		for (const stray of [
			{ ...signedByHer, signerName: 'Hoàng Văn Em' },
			{ ...signedByHer, role: 'member:4' as const },
			{ ...signedByHer, role: 'member:0' as const, signerName: 'Nguyễn Văn An' }
		]) {
			expect(await recordFingerprint({ ...r, signatures: [...r.signatures, stray] })).toBe(before);
		}
	});

	it('covers the reception point (by id) once a record states it, and leaves records without one as they were', async () => {
		const r = record();
		const before = await recordFingerprint(r);
		expect(canonicalRecord(r)).not.toMatch(/receptionPoint/);
		const point = (id: string, name: string) => ({ ...r, inspection: { ...r.inspection, receptionPoint: { id, name } } });
		const main = await recordFingerprint(point('0190f3a0-0000-7000-8000-0000000000d1', 'Quầy chính'));
		expect(main).not.toBe(before);
		expect(await recordFingerprint(point('0190f3a0-0000-7000-8000-0000000000d2', 'Quầy chính'))).not.toBe(main);
		// Covered by its id, as the unit is by its code: the name printed is the directory's.
		expect(await recordFingerprint(point('0190F3A0-0000-7000-8000-0000000000D1', 'Điểm tiếp nhận số 2'))).toBe(main);
		// Stating none (undefined) is the record as it was.
		expect(await recordFingerprint({ ...r, inspection: { ...r.inspection, receptionPoint: undefined } })).toBe(before);
	});

	it("covers a signature's content fingerprint and a refusal's witness once stated", async () => {
		const r = record();
		const before = await recordFingerprint(r);
		const bound = { ...r, signatures: r.signatures.map((s) => ({ ...s, contentFingerprint: 'ABCD-0123-4567-89EF' })) };
		expect(await recordFingerprint(bound)).not.toBe(before);
		const witnessed = { ...r, signatures: r.signatures.map((s) => (s.refused ? { ...s, witnessName: 'Lê Văn Chứng' } : s)) };
		expect(await recordFingerprint(witnessed)).not.toBe(before);
	});

	it("covers each signature's position and time, and then the start position, once a signature states one", async () => {
		const r = {
			...record(),
			inspection: {
				...record().inspection,
				position: { lat: 21.0285, lng: 105.8542, accuracyM: 12, capturedAt: '2026-11-25T08:29:00+07:00' }
			}
		};
		// A record whose signatures carry no position keeps its text: the start fix is not in it.
		expect(canonicalRecord(r)).toBe(canonicalRecord(record()));
		expect(canonicalRecord(r)).not.toMatch(/startPosition|"lat"|accuracyM/);
		const fix = { lat: 21.0286, lng: 105.8543, accuracyM: 8, capturedAt: '2026-11-25T10:10:00+07:00' };
		const placed = (p: SignaturePosition) => ({ ...r, signatures: r.signatures.map((s) => ({ ...s, position: p })) });
		const here = await recordFingerprint(placed(fix));
		expect(here).not.toBe(await recordFingerprint(r));
		expect(canonicalRecord(placed(fix))).toContain(
			'"startPosition":{"accuracyM":12,"capturedAt":"2026-11-25T01:29:00.000Z","lat":21.0285,"lng":105.8542}'
		);
		// The same instant in another notation is the same record; another place or start fix is not.
		expect(await recordFingerprint(placed({ ...fix, capturedAt: '2026-11-25T03:10:00Z' }))).toBe(here);
		expect(await recordFingerprint(placed({ ...fix, lat: 21.03 }))).not.toBe(here);
		expect(await recordFingerprint(placed({ ...fix, accuracyM: 9 }))).not.toBe(here);
		const moved = { ...placed(fix), inspection: { ...r.inspection, position: { ...r.inspection.position, lng: 105.9 } } };
		expect(await recordFingerprint(moved)).not.toBe(here);
		const noStart = { ...placed(fix), inspection: { ...r.inspection, position: null, positionNote: 'denied' } };
		expect(canonicalRecord(noStart)).toContain('"startPosition":{"unavailable":"denied"}');
		// "No fix, denied" at signing is stated and covered too.
		expect(await recordFingerprint(placed({ unavailable: 'denied' }))).not.toBe(here);
		// What the signers sign does not change: the signature binds content, the record binds the signature.
		expect(canonicalSignedContent(placed(fix))).toBe(canonicalSignedContent(r));
	});

	// Signed content: what a signature binds.
	const signed = (r: RecordContent) => ({ inspection: r.inspection, officers: r.officers, answers: r.answers, findings: r.findings });

	it('leaves out the record number, given on approval after signing', async () => {
		const r = record();
		const numbered = { ...r, inspection: { ...r.inspection, status: 'approved' as const, recordNumber: { number: 7, year: 2026 } } };
		expect(await recordFingerprint(numbered)).toBe(await recordFingerprint(r));
		expect(canonicalRecord(numbered)).not.toMatch(/recordNumber/);
		expect(await signedContentFingerprint(signed(numbered))).toBe(await signedContentFingerprint(signed(r)));
	});

	it('leaves out the signatures and the end time, and nothing else', async () => {
		const r = record();
		const fp = await signedContentFingerprint(signed(r));
		expect(canonicalSignedContent(signed(r))).not.toMatch(/"signatures"|"endedAt"/);
		expect(await signedContentFingerprint(signed({ ...r, inspection: { ...r.inspection, endedAt: null } }))).toBe(fp);
		expect(await signedContentFingerprint(signed({ ...r, inspection: { ...r.inspection, status: 'returned' } }))).toBe(fp);
		expect(fp).not.toBe(await recordFingerprint(r));
	});

	it.each(changes.filter(([what]) => !['a signature image', 'a refusal reason', 'the end time'].includes(what)))(
		'changes when %s changes, voiding signatures given before',
		async (_what, change) => {
			const before = await signedContentFingerprint(signed(record()));
			const after = await signedContentFingerprint(signed(change(record())));
			expect(after).not.toBe(before);
			expect(signatureCoverage({ contentFingerprint: before }, after)).toBe('void');
			expect(signatureCoverage({ contentFingerprint: after }, after)).toBe('current');
			expect(signatureCoverage({}, after)).toBe('unbound');
		}
	);
});

describe('the annex of citizens’ interviews (issue 19)', () => {
	const annex = (respondents: number, tcMean: number | null, critical: number): InterviewAnnex => ({
		respondents,
		factors: (['TC', 'TT', 'CC', 'KQ', 'PA'] as const).map((factor) => ({
			factor,
			n: factor === 'TC' ? respondents : 0,
			mean: factor === 'TC' ? tcMean : null,
			smallSample: true
		})),
		critical: critical ? [{ questionId: 'Q7', text: 'Có công chức nào gợi ý, đòi hỏi tiền…', count: critical }] : [],
		respondentsWithCritical: critical,
		unreadable: 0
	});
	const signedWith = (a: InterviewAnnex | null) => {
		const { signatures: _s, ...rest } = record();
		return { ...rest, interviewAnnex: a };
	};

	it('a record without interviews keeps exactly the canonical text and fingerprint it had', async () => {
		const r = record();
		expect(canonicalRecord({ ...r, interviewAnnex: null })).toBe(canonicalRecord(r));
		expect(await recordFingerprint({ ...r, interviewAnnex: null })).toBe(await recordFingerprint(r));
		expect(canonicalSignedContent(signedWith(null))).not.toMatch(/interviews/);
	});

	it('its aggregate lines are signed: another respondent, average or critical count voids the signatures', async () => {
		const before = await signedContentFingerprint(signedWith(annex(3, 4.33, 1)));
		expect(await signedContentFingerprint(signedWith(annex(3, 4.33, 1)))).toBe(before);
		for (const changed of [annex(4, 4.33, 1), annex(3, 4, 1), annex(3, 4.33, 2), null]) {
			const after = await signedContentFingerprint(signedWith(changed));
			expect(signatureCoverage({ contentFingerprint: before }, after)).toBe('void');
		}
		expect(await recordFingerprint({ ...record(), interviewAnnex: annex(3, 4.33, 1) })).not.toBe(await recordFingerprint(record()));
	});

	it('states no respondent’s words: the question text is not in the canonical form, only its id', () => {
		expect(canonicalSignedContent(signedWith(annex(3, 4.33, 1)))).toContain('"questionId":"Q7"');
		expect(canonicalSignedContent(signedWith(annex(3, 4.33, 1)))).not.toContain('đòi hỏi tiền');
	});
});
