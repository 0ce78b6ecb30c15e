// Test fixture: a small template that uses every item kind and every optional field, so the
// spreadsheet and JSON round trips and the diff tests cover what the shipped template does not.
import { templateSchema, type Template } from './template';

export const everyKindTemplate: Template = templateSchema.parse({
	id: 'mau-thu',
	version: '2026.1-draft',
	name: 'Mẫu thử mọi loại câu hỏi',
	locale: 'vi',
	sections: [
		{
			id: 'A',
			title: 'Niêm yết',
			titleEn: 'Postings',
			weight: 2,
			items: [
				{
					id: 'A1',
					kind: 'pass',
					text: 'Niêm yết đầy đủ',
					textEn: 'Everything posted',
					guidance: 'Đếm bảng niêm yết; đối chiếu Quyết định công bố.\nDòng thứ hai.',
					guidanceEn: 'Count the boards.',
					group: 'Niêm yết tại quầy',
					perOfficer: false,
					critical: true,
					weight: 2.5,
					sipas: 'TT',
					legal: [
						{
							document: 'Nghị định 118/2025/NĐ-CP',
							date: '2025-06-09',
							article: 'Điều 15',
							clause: 'khoản 1 điểm a',
							status: 'in_force',
							note: 'Thay Nghị định 61/2018'
						},
						{ document: 'Nghị định 61/2018/NĐ-CP', article: 'Điều 8', status: 'historical' },
						{ document: 'Chỉ thị 26/CT-TTg' }
					],
					sources: ['seed 000', 'seed 001 (III.2), có dấu phẩy'],
					observable: true,
					remediation: { text: 'Niêm yết bổ sung', deadlineDays: 7 }
				},
				{
					id: 'A2',
					kind: 'count',
					text: 'Tỷ lệ có mặt',
					perOfficer: true,
					sipas: 'CC',
					legal: [{ document: 'Thông tư 03/2025/TT-VPCP', article: 'Điều 5' }],
					remediation: { text: 'Bố trí đủ công chức', deadlineDays: 15 },
					count: { threshold: 0.8, numeratorLabel: 'Có mặt', denominatorLabel: 'Theo danh sách', partOfWhole: true }
				}
			]
		},
		{
			id: 'B',
			title: 'Hồ sơ',
			enabledByDefault: false,
			items: [
				{
					id: 'B1',
					kind: 'sample',
					text: 'Hồ sơ đúng hạn',
					sipas: 'KQ',
					legal: [{ document: 'Nghị định 118/2025/NĐ-CP', article: 'Điều 20' }],
					remediation: { text: 'Giải quyết hồ sơ quá hạn', deadlineDays: 30 },
					sample: { defaultSize: 10, unitLabel: 'hồ sơ' }
				},
				{
					id: 'B2',
					kind: 'number',
					text: 'Thời gian chờ (phút)',
					sipas: 'TC',
					legal: [{ document: 'Nghị định 118/2025/NĐ-CP' }],
					remediation: { text: 'Giảm thời gian chờ', deadlineDays: 30 },
					number: { unit: 'phút', passMax: 30 }
				},
				{
					id: 'B3',
					kind: 'number',
					text: 'Số ghế chờ',
					sipas: 'TC',
					legal: [{ document: 'Nghị định 118/2025/NĐ-CP' }],
					remediation: { text: 'Bổ sung ghế', deadlineDays: 30 },
					number: { passMin: -1.5 }
				},
				{
					id: 'B4',
					kind: 'text',
					text: 'Ghi chú khác',
					sipas: 'PA',
					legal: [{ document: 'Nghị định 20/2008/NĐ-CP', article: 'Điều 13' }],
					remediation: { text: 'Xem ghi chú', deadlineDays: 10 }
				},
				{
					id: 'B12',
					kind: 'choice',
					text: 'Hình thức tiếp nhận',
					sipas: 'TT',
					legal: [{ document: 'Nghị định 118/2025/NĐ-CP', article: 'Điều 9' }],
					remediation: { text: 'Mở thêm kênh tiếp nhận', deadlineDays: 20 },
					choice: {
						options: [
							{ value: 'truc-tiep', label: 'Trực tiếp', passes: true },
							{ value: 'buu-chinh', label: 'Bưu chính', passes: false },
							{ value: '1', label: 'Khác', passes: null }
						]
					}
				}
			]
		}
	],
	grading: {
		bands: [
			{ id: 'dat', label: 'Đạt', labelEn: 'Pass', minScore: 0.7 },
			{ id: 'khong-dat', label: 'Không đạt', minScore: 0 }
		],
		criticalCap: 'khong-dat'
	}
});
