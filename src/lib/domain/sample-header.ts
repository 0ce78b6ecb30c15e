/** One inspection header for tests on both sides of the wire (device fixtures, schema tests). */
import type { InspectionHeader } from './inspection';

export const sampleHeader: InspectionHeader = {
	unit: { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
	startedAt: '2026-11-25T08:30:00.000+07:00',
	position: null,
	positionNote: '',
	team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Phó Giám đốc', organisation: 'Sở Nội vụ' }],
	unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
	basis: 'Kế hoạch số 12/KH-SNV',
	address: ''
};
