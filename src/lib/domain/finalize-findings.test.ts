import { describe, expect, it } from 'vitest';
import { departsFromReviewer, finalizeFindings } from './finalize-findings';
import type { FindingCandidate } from './scoring';

const candidate = (itemId: string, deadlineDays: number): FindingCandidate => ({
	itemId,
	sectionId: itemId[0]!,
	title: `Mục ${itemId}`,
	detail: 'Không đạt',
	officerIds: [],
	critical: false,
	legal: [{ document: 'Nghị định 61/2018/NĐ-CP' }],
	recommendation: `Khắc phục ${itemId}`,
	deadlineDays
});

describe('finalizeFindings', () => {
	it('uses the template remediation and a deadline counted from the start date', () => {
		const [f] = finalizeFindings([candidate('A1', 7)], [], '2026-11-28T09:00:00+07:00');
		expect(f?.recommendation).toBe('Khắc phục A1');
		expect(f?.deadline).toBe('2026-12-05');
	});

	it("keeps the inspector's recommendation and deadline, ignoring a blank recommendation", () => {
		const out = finalizeFindings(
			[candidate('A1', 7), candidate('B2', 15)],
			[
				{ itemId: 'A1', recommendation: 'Niêm yết lại toàn bộ', deadline: '2026-12-01' },
				{ itemId: 'B2', recommendation: '  ', deadline: '2026-12-20' }
			],
			'2026-11-25T09:00:00+07:00'
		);
		expect(out.map((f) => [f.itemId, f.recommendation, f.deadline])).toEqual([
			['A1', 'Niêm yết lại toàn bộ', '2026-12-01'],
			['B2', 'Khắc phục B2', '2026-12-20']
		]);
	});
});

describe('finalizeFindings across a review', () => {
	const earlier = {
		findings: [{ id: '0190f3a0-0000-7000-8000-0000000000f1', itemId: 'A1' }],
		adjustments: [
			{ id: 'e1', findingId: '0190f3a0-0000-7000-8000-0000000000f1', at: '2026-11-26T09:00:00Z', deadline: '2027-01-10', actorName: 'Lê' },
			{ id: 'e2', findingId: '0190f3a0-0000-7000-8000-0000000000f1', at: '2026-11-26T10:00:00Z', severity: 'critical' as const }
		]
	};

	it("keeps the earlier finding's id and the reviewer's deadline and severity over the inspector's draft", () => {
		const [f, g] = finalizeFindings(
			[candidate('A1', 7), candidate('B2', 15)],
			[{ itemId: 'A1', recommendation: 'Niêm yết lại', deadline: '2026-12-01' }],
			'2026-11-25T09:00:00+07:00',
			earlier
		);
		expect(f).toMatchObject({
			id: earlier.findings[0]!.id,
			recommendation: 'Niêm yết lại',
			deadline: '2027-01-10',
			critical: true,
			adjusted: { deadline: '2027-01-10', severity: 'critical', by: 'Lê' }
		});
		expect(g?.id).toBeUndefined();
		expect(g?.adjusted).toBeUndefined();
	});

	it("keeps the reviewer's latest corrective action and detail over the inspector's draft and the template's text", () => {
		const id = earlier.findings[0]!.id;
		const texts = {
			findings: earlier.findings,
			adjustments: [
				...earlier.adjustments,
				{ id: 'e3', findingId: id, at: '2026-11-26T11:00:00Z', recommendation: 'Niêm yết theo Quyết định mới', actorName: 'Lê' },
				{ id: 'e4', findingId: id, at: '2026-11-26T12:00:00Z', recommendation: 'Niêm yết lại trong 10 ngày', detail: 'Thiếu 3 thủ tục' }
			]
		};
		const [f] = finalizeFindings(
			[candidate('A1', 7)],
			[{ itemId: 'A1', recommendation: 'Để sau', deadline: '2026-12-01' }],
			'2026-11-25T09:00:00+07:00',
			texts
		);
		expect(f).toMatchObject({
			recommendation: 'Niêm yết lại trong 10 ngày',
			detail: 'Thiếu 3 thủ tục',
			adjusted: { recommendation: 'Niêm yết lại trong 10 ngày', detail: 'Thiếu 3 thủ tục', by: 'Lê' }
		});
		// A text-only adjustment is still the reviewer's.
		const [g] = finalizeFindings([candidate('A1', 7)], [], '2026-11-25T09:00:00+07:00', {
			findings: earlier.findings,
			adjustments: [{ id: 'e5', findingId: id, at: '2026-11-26T11:00:00Z', recommendation: 'Niêm yết lại' }]
		});
		expect(g?.adjusted).toEqual({ recommendation: 'Niêm yết lại' });
		expect(g?.deadline).toBe('2026-12-02');
	});
});

describe('departsFromReviewer: the server holds a resubmission to the reviewer’s values', () => {
	const finding = { deadline: '2027-01-10', critical: true, recommendation: 'Niêm yết lại', detail: 'Thiếu 3 thủ tục' };

	it('accepts the reviewer’s values (text compared after trimming) and fields the reviewer did not set', () => {
		expect(departsFromReviewer(finding, { deadline: '2027-01-10', severity: 'critical', recommendation: ' Niêm yết lại ' })).toBeNull();
		expect(departsFromReviewer({ ...finding, deadline: '2026-12-01' }, { recommendation: 'Niêm yết lại' })).toBeNull();
	});

	it('names the first field that departs', () => {
		expect(departsFromReviewer(finding, { deadline: '2027-02-01' })).toBe('deadline');
		expect(departsFromReviewer(finding, { severity: 'normal' })).toBe('critical');
		expect(departsFromReviewer(finding, { recommendation: 'Khắc phục sau' })).toBe('recommendation');
		expect(departsFromReviewer(finding, { detail: '' })).toBe('detail');
	});
});
