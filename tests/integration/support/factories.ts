/**
 * Test data shaped by the shared schemas: the same objects a device would queue.
 */
import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from '$lib/domain/ids';
import type { AnswerValue, Finding, PhotoMeta, SignatureMeta } from '$lib/domain/inspection';
import type { MutationArgs } from '$lib/domain/protocol';

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
		templateId: 'mot-cua',
		templateVersion: '2025.1',
		sectionIds: ['A', 'B'],
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

export function answerArgs(
	inspectionId: string,
	itemId: string,
	value: AnswerValue | null = { kind: 'pass', result: 'pass' },
	overrides: Partial<MutationArgs<'answerItem'>> = {}
): MutationArgs<'answerItem'> {
	return { inspectionId, itemId, officerId: '', value, note: '', answeredAt: now(), ...overrides };
}

export interface TestImage {
	bytes: Uint8Array<ArrayBuffer>;
	sha256: string;
	mime: PhotoMeta['mime'];
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function image(magic: number[], size: number, mime: TestImage['mime']): TestImage {
	// The server checks the leading magic bytes only; random bytes after them keep hashes unique.
	const bytes = new Uint8Array(Math.max(size, magic.length));
	bytes.set(randomBytes(bytes.length));
	bytes.set(magic, 0);
	return { bytes, sha256: sha256Of(bytes), mime };
}

export const jpegImage = (size = 2048) => image([0xff, 0xd8, 0xff, 0xe0], size, 'image/jpeg');
export const pngImage = (size = 512) => image([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size, 'image/png');
export const webpImage = (size = 1024) => image([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50], size, 'image/webp');

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

export function findingArgs(inspectionId: string, itemId = 'A1'): Finding {
	return {
		id: uuidv7(),
		inspectionId,
		itemId,
		sectionId: itemId.slice(0, 1),
		title: 'Chưa niêm yết đầy đủ thủ tục hành chính',
		detail: 'Thiếu 3 thủ tục lĩnh vực hộ tịch',
		officerIds: [],
		critical: false,
		legal: [{ document: 'Nghị định 63/2010/NĐ-CP', article: '17' }],
		recommendation: 'Niêm yết bổ sung các thủ tục còn thiếu',
		deadline: '2026-01-31'
	};
}

export function submitArgs(inspectionId: string, findings: Finding[] = [findingArgs(inspectionId)]): MutationArgs<'submitInspection'> {
	return { inspectionId, endedAt: now(), findings };
}
