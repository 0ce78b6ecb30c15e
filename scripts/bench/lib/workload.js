/**
 * The sync workload, made once in node and given to both sides: `inspections` drafts, each
 * created, given 3 officers and 80 answers (the 30 shared slots of sections A–D plus the
 * per-officer slots of the first 50 officer answers: 80 of the 84 slots a 3-officer
 * inspection has), as the app's outbox would hold them — mutations in seq order, shaped by the
 * shared schema — and the same records as PouchDB documents (one per inspection, officer and
 * answer, ids like the server's entity keys).
 */
import { randomFillSync } from 'node:crypto';

const SHARED = [
	...Array.from({ length: 10 }, (_, i) => `A${i + 1}`),
	...Array.from({ length: 14 }, (_, i) => `B${i + 1}`),
	'C1',
	'C2',
	'C3',
	'C4',
	'C5',
	'C11'
];
const PER_OFFICER = ['C6', 'C7', 'C8', 'C9', 'C10', ...Array.from({ length: 13 }, (_, i) => `D${i + 1}`)];
const KIND = { A1: 'count', A2: 'sample', B4: 'count', C1: 'count', C11: 'sample' };
export const ANSWERS_PER_INSPECTION = 80;
export const MUTATIONS_PER_INSPECTION = 1 + 3 + ANSWERS_PER_INSPECTION;

function value(itemId, i) {
	if (KIND[itemId] === 'count') return { kind: 'count', numerator: 10 - (i % 3), denominator: 10 };
	if (KIND[itemId] === 'sample') return { kind: 'sample', size: 5, passed: 5 - (i % 2) };
	return { kind: 'pass', result: i % 7 === 3 ? 'fail' : 'pass' };
}

/**
 * A UUIDv7 for the moment `ms`, made as the app makes its ids and mutation ids
 * (src/lib/domain/uuid.ts: the 48-bit Unix time in ms, then random bits), so the server's
 * indexes see the time-ordered keys a real outbox carries, not random ones.
 */
export function uuidv7(ms) {
	const bytes = randomFillSync(new Uint8Array(16));
	let ts = ms;
	for (let i = 5; i >= 0; i--) {
		bytes[i] = ts % 256;
		ts = Math.floor(ts / 256);
	}
	bytes[6] = (bytes[6] & 0x0f) | 0x70;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const h = Buffer.from(bytes).toString('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const unit = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };

export function makeSyncWorkload(inspections, createdBy) {
	const mutations = [];
	let seq = 1;
	const start = Date.UTC(2026, 9, 1, 1, 0, 0);
	const at = (n) => new Date(start + n * 1000).toISOString();
	// Every id is minted at its record's time, like the app's (one inspection a second).
	const push = (name, args, n) =>
		mutations.push({ mutationId: uuidv7(start + n * 1000), seq: seq++, schemaVersion: 1, createdAt: at(n), name, args });
	for (let n = 0; n < inspections; n++) {
		const id = uuidv7(start + n * 1000);
		push(
			'createInspection',
			{
				unit,
				startedAt: at(n),
				position: null,
				positionNote: '',
				team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Phó Giám đốc', organisation: 'Sở Nội vụ' }],
				unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
				basis: 'Kế hoạch số 12/KH-SNV',
				address: '',
				id,
				templateId: 'mac-dinh',
				templateVersion: '2025.1',
				sectionIds: ['A', 'B', 'C', 'D'],
				createdBy,
				createdAt: at(n),
				recommendations: '',
				unitOpinion: ''
			},
			n
		);
		const officers = [0, 1, 2].map((k) => {
			const officer = {
				id: uuidv7(start + n * 1000),
				inspectionId: id,
				name: `Công chức ${k + 1}`,
				position: 'Chuyên viên',
				desk: `Quầy ${k + 1}`,
				order: k
			};
			push('addOfficer', officer, n);
			return officer.id;
		});
		const slots = [...SHARED.map((s) => [s, '']), ...PER_OFFICER.flatMap((s) => officers.map((o) => [s, o]))];
		for (const [i, [itemId, officerId]] of slots.slice(0, ANSWERS_PER_INSPECTION).entries()) {
			push(
				'answerItem',
				{
					inspectionId: id,
					itemId,
					officerId,
					value: value(itemId, i),
					note: i % 9 === 0 ? 'Thiếu 3 thủ tục lĩnh vực hộ tịch' : '',
					answeredAt: at(n)
				},
				n
			);
		}
	}
	return { mutations, nextSeq: seq };
}

/** The same records as PouchDB documents. */
export function pouchDocsOf(mutations) {
	return mutations.map((m) => {
		const a = m.args;
		if (m.name === 'createInspection') return { _id: `inspection:${a.id}`, type: 'inspection', ...a, status: 'draft', endedAt: null };
		if (m.name === 'addOfficer') return { _id: `officer:${a.id}`, type: 'officer', ...a };
		return { _id: `answer:${a.inspectionId}/${a.itemId}/${a.officerId}`, type: 'answer', ...a };
	});
}
