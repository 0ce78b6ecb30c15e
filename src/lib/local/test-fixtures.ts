/** Small fixtures shared by the device-database tests (node + fake-indexeddb). */
import { templateSchema, type Template } from '$lib/domain/template';
import type { InspectionHeader } from '$lib/domain/inspection';

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

export const header: InspectionHeader = {
	unit: { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
	startedAt: '2026-11-25T08:30:00.000+07:00',
	position: null,
	positionNote: '',
	team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Phó Giám đốc', organisation: 'Sở Nội vụ' }],
	unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
	basis: 'Kế hoạch số 12/KH-SNV',
	address: ''
};
