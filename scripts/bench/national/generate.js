/**
 * National-scale data straight into a migrated server database through Kysely (bulk inserts in
 * one transaction, either dialect): every commune of the official list × `perCommune`
 * inspections spread over the last two years (two a month), 2 inspector accounts per province,
 * and 0–7 findings (about 3 on average, a fifth critical, deadlines 7–30 days after the visit)
 * for every submitted, returned or approved record. Answers and the change log are not written:
 * the list and report queries never read them.
 */
import { randomUUID } from 'node:crypto';

/** Small fast PRNG so every run generates the same shape of data. */
export function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const ITEMS = [
	['A1', 'A', 'Chưa niêm yết đầy đủ danh mục thủ tục hành chính', true],
	['A3', 'A', 'Bảng niêm yết thiếu thông tin phí, lệ phí', false],
	['B2', 'B', 'Chưa có sổ theo dõi hồ sơ cập nhật đầy đủ', false],
	['B4', 'B', 'Hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi', true],
	['C2', 'C', 'Công chức không đeo thẻ công chức', false],
	['C7', 'C', 'Hướng dẫn hồ sơ chưa một lần, đầy đủ', false],
	['D3', 'D', 'Thái độ tiếp công dân chưa đúng quy tắc ứng xử', true],
	['D9', 'D', 'Thu thêm giấy tờ ngoài quy định', true]
];
const STATUSES = [
	['approved', 0.6],
	['submitted', 0.3],
	['returned', 0.05],
	['draft', 0.05]
];
const DAY = 24 * 60 * 60 * 1000;

function pick(rand, weighted) {
	let r = rand();
	for (const [value, w] of weighted) if ((r -= w) < 0) return value;
	return weighted[weighted.length - 1][0];
}

async function insertChunked(trx, table, rows, size) {
	for (let i = 0; i < rows.length; i += size)
		await trx
			.insertInto(table)
			.values(rows.slice(i, i + size))
			.execute();
}

/**
 * `provinces` as lib/units loads them. Returns the row counts. `now` anchors the two years.
 */
export async function generateNational(db, { provinces, perCommune, now = new Date(), seed = 2025 }) {
	const rand = mulberry32(seed);
	const stamp = now.toISOString();
	const users = [];
	const inspections = [];
	const findings = [];
	let version = 1;
	for (const province of provinces) {
		const inspectors = [0, 1].map((k) => {
			const id = randomUUID();
			users.push({
				id,
				username: `bench-${province.code}-${k}`,
				display_name: `Thanh tra viên ${k + 1} (${province.name})`,
				role: 'inspector',
				province_code: province.code,
				unit_code: null,
				password_hash: '$argon2id$bench',
				disabled: 0,
				must_change_password: 0,
				created_at: stamp,
				updated_at: stamp
			});
			return id;
		});
		for (const commune of province.communes) {
			for (let k = 0; k < perCommune; k++) {
				const started = new Date(now.getTime() - (k * 730 * DAY) / perCommune - rand() * (730 / perCommune) * DAY);
				const startedAt = started.toISOString();
				const endedAt = new Date(started.getTime() + (2 + rand() * 3) * 3600 * 1000).toISOString();
				const status = k === 0 && rand() < 0.5 ? 'draft' : pick(rand, STATUSES);
				const id = randomUUID();
				const owner = inspectors[k % 2];
				const doc = {
					id,
					unit: { code: commune.code, name: commune.name, provinceCode: province.code, provinceName: province.name },
					startedAt,
					position: { lat: 21.03 + rand() / 10, lng: 105.85 + rand() / 10, accuracyM: 12, capturedAt: startedAt },
					positionNote: '',
					team: [
						{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Phó Giám đốc', organisation: 'Sở Nội vụ' },
						{ name: 'Lê Thị Hoa', role: 'thanh_vien', position: 'Chuyên viên', organisation: 'Sở Nội vụ' }
					],
					unitReps: [{ name: 'Trần Văn Bình', position: 'Phó Chủ tịch UBND' }],
					basis: 'Kế hoạch số 12/KH-SNV',
					address: '',
					templateId: 'mac-dinh',
					templateVersion: '2025.1',
					sectionIds: ['A', 'B', 'C', 'D'],
					status,
					createdBy: owner,
					createdAt: startedAt,
					endedAt: status === 'draft' ? null : endedAt,
					recommendations: '',
					unitOpinion: ''
				};
				inspections.push({
					id,
					status,
					owner_user_id: owner,
					unit_code: commune.code,
					province_code: province.code,
					template_id: 'mac-dinh',
					template_version: '2025.1',
					created_at: startedAt,
					started_at: startedAt,
					ended_at: doc.endedAt,
					submitted_at: status === 'draft' ? null : endedAt,
					data: JSON.stringify(doc),
					version: version++,
					updated_at: endedAt
				});
				if (status === 'draft') continue;
				const count = Math.floor(rand() * rand() * 8 + rand() * 2.4);
				for (let f = 0; f < count; f++) {
					const [itemId, sectionId, title, critical] = ITEMS[Math.floor(rand() * ITEMS.length)];
					const deadline = new Date(started.getTime() + 7 * 3600 * 1000 + [7, 15, 30][f % 3] * DAY).toISOString().slice(0, 10);
					findings.push({
						id: randomUUID(),
						inspection_id: id,
						item_id: itemId,
						section_id: sectionId,
						title,
						detail: `${title}; ghi nhận tại buổi kiểm tra ngày ${startedAt.slice(0, 10)}.`,
						officer_ids: '[]',
						critical: critical && rand() < 0.6 ? 1 : 0,
						legal: JSON.stringify([{ document: 'Nghị định 61/2018/NĐ-CP', article: 'Điều 5' }]),
						recommendation: 'Khắc phục và báo cáo kết quả bằng văn bản.',
						deadline,
						version: version++,
						updated_at: endedAt
					});
				}
			}
		}
	}
	await db.transaction().execute(async (trx) => {
		await insertChunked(trx, 'users', users, 500);
		await insertChunked(trx, 'inspections', inspections, 1000);
		await insertChunked(trx, 'findings', findings, 1000);
	});
	return { users: users.length, inspections: inspections.length, findings: findings.length };
}
