/**
 * Test data shaped by the shared schemas: the same objects a device would queue.
 */
import { addDays, vietnamDate } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import type { AnswerValue, Finding, PhotoMeta, SignatureMeta } from '$lib/domain/inspection';
import type { MutationArgs } from '$lib/domain/protocol';
import { findItem } from '$lib/domain/record-rules';
import { defaultTemplate } from '$lib/templates';
import type { TestImage } from './test-images';

const now = () => new Date().toISOString();

export const unitPhuongBaDinh = {
	code: 4,
	name: 'Phường Ba Đình',
	provinceCode: 1,
	provinceName: 'Thành phố Hà Nội'
};

export function inspectionArgs(overrides: Partial<MutationArgs<'createInspection'>> = {}): MutationArgs<'createInspection'> {
	return {
		id: uuidv7(),
		unit: unitPhuongBaDinh,
		startedAt: now(),
		position: null,
		positionNote: 'Không lấy được vị trí',
		team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Chuyên viên', organisation: 'Sở Nội vụ' }],
		unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
		basis: 'Kế hoạch số 12/KH-SNV',
		address: '25 Liễu Giai',
		templateId: defaultTemplate.id,
		templateVersion: defaultTemplate.version,
		// As the app starts a record: the template's sections that are on by default.
		sectionIds: defaultTemplate.sections.filter((s) => s.enabledByDefault).map((s) => s.id),
		createdBy: 'thiet-bi',
		createdAt: now(),
		recommendations: '',
		unitOpinion: '',
		...overrides
	};
}

export function officerArgs(inspectionId: string, overrides: Partial<MutationArgs<'addOfficer'>> = {}): MutationArgs<'addOfficer'> {
	return { id: uuidv7(), inspectionId, name: 'Lê Văn Cường', position: 'Công chức', desk: 'Quầy 1', order: 0, ...overrides };
}

/** The template item `itemId` (of the default template every factory record pins). */
function templateItem(itemId: string) {
	const found = findItem(defaultTemplate, itemId);
	if (!found) throw new Error(`the default template has no item ${itemId}`);
	return found;
}

const itemIds = defaultTemplate.sections.flatMap((s) => s.items.map((i) => i.id));

/** The `i`-th item of the default template (cycling), for tests that answer many items. */
export const itemIdAt = (i: number) => itemIds[i % itemIds.length]!;

/** An answer of the item's own kind that passes (`pass`) or fails it. */
export function answerValue(itemId: string, result: 'pass' | 'fail' = 'pass'): AnswerValue {
	const { item } = templateItem(itemId);
	const passes = result === 'pass';
	switch (item.kind) {
		case 'count':
			return { kind: 'count', numerator: passes ? 5 : 3, denominator: 5 };
		case 'sample':
			return { kind: 'sample', size: 5, passed: passes ? 5 : 3 };
		case 'pass':
			return { kind: 'pass', result };
		default:
			throw new Error(`no ${result} answer for a ${item.kind} item in the factories`);
	}
}

export function answerArgs(
	inspectionId: string,
	itemId: string,
	value: AnswerValue | null = answerValue(itemId),
	overrides: Partial<MutationArgs<'answerItem'>> = {}
): MutationArgs<'answerItem'> {
	return { inspectionId, itemId, officerId: '', value, note: '', answeredAt: now(), ...overrides };
}

/** The failing answer a finding for `itemId` needs first. */
export const failedAnswerArgs = (inspectionId: string, itemId = 'A3', overrides: Partial<MutationArgs<'answerItem'>> = {}) =>
	answerArgs(inspectionId, itemId, answerValue(itemId, 'fail'), overrides);

/** A deadline the server accepts for a visit started today: `days` after today in Vietnam. */
export const deadlineIn = (days: number) => addDays(vietnamDate(), days);

export { jpegImage, pngImage, sha256Of, webpImage, type TestImage } from './test-images';

export function photoArgs(inspectionId: string, img: TestImage, overrides: Partial<PhotoMeta> = {}): MutationArgs<'attachPhoto'> {
	return {
		id: uuidv7(),
		inspectionId,
		itemId: 'A1',
		officerId: '',
		sha256: img.sha256,
		mime: img.mime,
		size: img.bytes.byteLength,
		width: 640,
		height: 480,
		caption: 'Bảng niêm yết',
		takenAt: now(),
		...overrides
	};
}

export function signatureArgs(inspectionId: string, png: TestImage): SignatureMeta {
	return {
		refused: false,
		inspectionId,
		role: 'inspector',
		signerName: 'Nguyễn Văn An',
		signerPosition: 'Trưởng đoàn',
		sha256: png.sha256,
		mime: 'image/png',
		size: png.bytes.byteLength,
		signedAt: now()
	};
}

/** A finding for `itemId`; the record needs a failing answer to it first (`failedAnswerArgs`). */
export function findingArgs(inspectionId: string, itemId = 'A3'): Finding {
	return {
		id: uuidv7(),
		inspectionId,
		itemId,
		sectionId: templateItem(itemId).section.id,
		title: 'Chưa niêm yết đầy đủ thủ tục hành chính',
		detail: 'Thiếu 3 thủ tục lĩnh vực hộ tịch',
		officerIds: [],
		critical: false,
		legal: [{ document: 'Nghị định 63/2010/NĐ-CP', article: '17' }],
		recommendation: 'Niêm yết bổ sung các thủ tục còn thiếu',
		deadline: deadlineIn(30)
	};
}

/** A submission; with no findings by default, which fits a record with no failed answer. */
export function submitArgs(inspectionId: string, findings: Finding[] = []): MutationArgs<'submitInspection'> {
	return { inspectionId, endedAt: now(), findings };
}
