/** Small fixtures shared by the device-database tests (node + fake-indexeddb). */
import { templateSchema, type Template } from '$lib/domain/template';
import type { InspectionHeader } from '$lib/domain/inspection';
import { sampleHeader } from '$lib/domain/sample-header';
import { answerSlots } from '$lib/domain/scoring';
import type { AppDb } from './app-db';
import { answerItem, signInspection, submitInspection } from './inspection-actions';

const legal = [{ document: 'Nghị định 61/2018/NĐ-CP' }];
const remediation = { text: 'Khắc phục ngay', deadlineDays: 7 };

export const tinyTemplate: Template = templateSchema.parse({
	id: 'thu',
	version: '1',
	name: 'Mẫu thử',
	locale: 'vi',
	sections: [
		{
			id: 'A',
			title: 'Niêm yết',
			items: [
				{ id: 'A1', text: 'Niêm yết đủ', kind: 'pass', sipas: 'TT', legal, remediation },
				{
					id: 'A2',
					text: 'Số TTHC',
					kind: 'count',
					sipas: 'TT',
					legal,
					remediation,
					count: { threshold: 1, numeratorLabel: 'niêm yết', denominatorLabel: 'công bố' }
				}
			]
		},
		{
			id: 'D',
			title: '4 xin',
			items: [{ id: 'D1', text: 'Xin chào', kind: 'pass', perOfficer: true, sipas: 'CC', legal, remediation }]
		}
	],
	grading: {
		bands: [
			{ id: 'tot', label: 'Tốt', minScore: 0.9 },
			{ id: 'kem', label: 'Kém', minScore: 0 }
		],
		criticalCap: 'kem'
	}
});

export const header: InspectionHeader = sampleHeader;

/** A drawn signature's bytes and hash, enough for the device database (no real PNG needed). */
export const fakePng = { bytes: new Uint8Array([137, 80, 78, 71]).buffer, sha256: 'a'.repeat(64) };

/** Both signatures given now: the head of the team signs, the representative signs or refuses. */
export async function signBoth(
	db: AppDb,
	inspectionId: string,
	template: Template = tinyTemplate,
	rep: 'sign' | 'refuse' = 'sign',
	png: { bytes: ArrayBuffer; sha256: string } = fakePng
): Promise<void> {
	const signedAt = '2026-11-25T10:00:00.000+07:00';
	const size = png.bytes.byteLength;
	const drawn = {
		refused: false as const,
		inspectionId,
		signerPosition: '',
		sha256: png.sha256,
		mime: 'image/png' as const,
		size,
		signedAt
	};
	await signInspection(db, template, { ...drawn, role: 'inspector', signerName: 'Nguyễn Văn An' }, png.bytes);
	if (rep === 'sign') await signInspection(db, template, { ...drawn, role: 'unit_rep', signerName: 'Trần Thị Bình' }, png.bytes);
	else
		await signInspection(db, template, {
			refused: true,
			inspectionId,
			role: 'unit_rep',
			signerName: 'Trần Thị Bình',
			signerPosition: '',
			refusalReason: 'Không đồng ý kết luận mục A1',
			witnessName: 'Lê Văn Chứng',
			witnessPosition: 'Công chức văn phòng',
			signedAt
		});
}

/**
 * Answers every item of the tiny template (A1 as given, A2 fully posted), signs, and submits:
 * a record that the completeness and signature rules let through.
 */
export async function answerSignAndSubmit(db: AppDb, inspectionId: string, a1: 'pass' | 'fail' = 'fail'): Promise<void> {
	await answerItem(db, { inspectionId, itemId: 'A1', officerId: '', value: { kind: 'pass', result: a1 } });
	await answerItem(db, { inspectionId, itemId: 'A2', officerId: '', value: { kind: 'count', numerator: 5, denominator: 5 } });
	await signBoth(db, inspectionId);
	await submitInspection(db, inspectionId, tinyTemplate);
}

/** Marks every slot still unanswered "not applicable", so a record may be finished. */
export async function markRestNotApplicable(db: AppDb, inspectionId: string, template: Template): Promise<void> {
	const inspection = await db.inspections.get(inspectionId);
	if (!inspection) throw new Error(`no local record ${inspectionId}`);
	const officers = await db.officers.where('inspectionId').equals(inspectionId).toArray();
	const answered = await db.answers.where('inspectionId').equals(inspectionId).toArray();
	const done = new Set(answered.filter((a) => a.value !== null).map((a) => `${a.itemId}|${a.officerId}`));
	for (const slot of answerSlots(template, inspection.sectionIds, officers))
		if (!done.has(`${slot.item.id}|${slot.officerId}`))
			await answerItem(db, {
				inspectionId,
				itemId: slot.item.id,
				officerId: slot.officerId,
				value: { kind: 'na', reason: 'not_applicable' }
			});
}
