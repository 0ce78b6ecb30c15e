// Default checklist template 2025.1 for unannounced one-stop counter inspections (content: shared/domain/checklists.md).
import type { z } from 'zod';
import type { LegalRef, templateSchema } from '$lib/domain/template';

/** Notes carried by every reference to a text that has since been replaced (see domain README, "Law in force"). */
export const ND61_REPLACED = 'Đã được thay thế bởi Nghị định 118/2025/NĐ-CP từ 01/7/2025 — cần đối chiếu';
export const TT01_REPLACED = 'Thay thế bởi Thông tư 03/2025/TT-VPCP';

/** "khoản 1 điểm b" from (1, 'b'); nothing when no clause is cited. */
function clause(khoan?: number, diem?: string): { clause?: string } {
	if (khoan === undefined) return {};
	return { clause: diem ? `khoản ${khoan} điểm ${diem}` : `khoản ${khoan}` };
}

function withNote(extra: string | undefined, standing: string): string {
	return extra ? `${extra}. ${standing}` : standing;
}

/** Nghị định 61/2018/NĐ-CP (cơ chế một cửa, một cửa liên thông). */
function nd61(dieu: number, khoan?: number, diem?: string, note?: string): LegalRef {
	return {
		document: 'Nghị định 61/2018/NĐ-CP',
		article: `Điều ${dieu}`,
		...clause(khoan, diem),
		note: withNote(note, ND61_REPLACED)
	};
}

/** Thông tư 01/2018/TT-VPCP (hướng dẫn Nghị định 61/2018/NĐ-CP). */
function tt01(dieu: number, khoan?: number, note?: string): LegalRef {
	return {
		document: 'Thông tư 01/2018/TT-VPCP',
		article: `Điều ${dieu}`,
		...clause(khoan),
		note: withNote(note, TT01_REPLACED)
	};
}

/** Nghị định 63/2010/NĐ-CP as amended by 48/2013 and 92/2017 (kiểm soát, công khai TTHC). */
function nd63(dieu: number, khoan?: number, diem?: string): LegalRef {
	return { document: 'Nghị định 63/2010/NĐ-CP', article: `Điều ${dieu}`, ...clause(khoan, diem) };
}

/** Nghị định 20/2008/NĐ-CP as amended (tiếp nhận, xử lý phản ánh, kiến nghị). */
function nd20(dieu: number, khoan?: number): LegalRef {
	return { document: 'Nghị định 20/2008/NĐ-CP', article: `Điều ${dieu}`, ...clause(khoan) };
}

const CT26: LegalRef = { document: 'Chỉ thị 26/CT-TTg' };
const QD129: LegalRef = { document: 'Quyết định 129/2007/QĐ-TTg', note: 'Quy chế văn hóa công sở' };
const QD1847: LegalRef = { document: 'Quyết định 1847/QĐ-TTg', note: 'Đề án Văn hóa công vụ' };
/** Legal floor behind "5 không"; the wording itself is seed 002 (3a) and may differ by province. */
const ND61_D5 = (diem?: string): LegalRef =>
	nd61(5, 1, diem, 'Hành vi không được làm; cách diễn đạt “5 không” theo seed 002 (3a), tỉnh có thể điều chỉnh');

export const defaultTemplate2025 = {
	id: 'mac-dinh',
	version: '2025.1',
	name: 'Mẫu kiểm tra đột xuất Bộ phận Một cửa (mặc định)',
	locale: 'vi',
	sections: [
		{
			id: 'A',
			title: 'Niêm yết, công khai thủ tục hành chính',
			titleEn: 'Public posting of administrative procedures',
			items: [
				{
					id: 'A1',
					kind: 'count',
					text: 'Niêm yết đầy đủ danh mục TTHC thuộc thẩm quyền tại Bộ phận Một cửa (bảng niêm yết hoặc màn hình điện tử)',
					textEn: 'Every procedure within the unit’s remit is posted at the counter (board or screen)',
					count: {
						threshold: 1,
						numeratorLabel: 'Số TTHC niêm yết',
						denominatorLabel: 'Số TTHC theo Quyết định công bố',
						partOfWhole: true
					},
					critical: true,
					weight: 2,
					sipas: 'TT',
					legal: [nd63(17, 1, 'b'), nd61(8, 1, 'a'), tt01(13, 6, 'Chỉ số 6')],
					sources: ['seed 000', 'seed 001', 'seed 003'],
					remediation: {
						text: 'Rà soát, niêm yết đầy đủ danh mục TTHC theo Quyết định công bố của Chủ tịch UBND tỉnh tại Bộ phận Một cửa',
						deadlineDays: 7
					}
				},
				{
					id: 'A2',
					kind: 'sample',
					text: 'Nội dung mỗi TTHC niêm yết đủ thành phần: tên, trình tự, cách thức, thành phần và số lượng hồ sơ, thời hạn, đối tượng, cơ quan giải quyết, mẫu đơn/tờ khai, kết quả, yêu cầu điều kiện, phí/lệ phí',
					textEn: 'Each posted procedure shows all its parts (steps, channels, documents, time limit, fees, forms…)',
					sample: { defaultSize: 5, unitLabel: 'TTHC' },
					weight: 1,
					sipas: 'TT',
					legal: [nd63(8, 2)],
					remediation: {
						text: 'Bổ sung đầy đủ các bộ phận tạo thành của từng TTHC niêm yết (trình tự, cách thức, thành phần hồ sơ, thời hạn, phí, lệ phí, mẫu đơn, tờ khai…) theo Quyết định công bố',
						deadlineDays: 15
					}
				},
				{
					id: 'A3',
					kind: 'pass',
					text: 'TTHC niêm yết là bản hiện hành: đã cập nhật theo quyết định công bố mới nhất, đã gỡ TTHC bị bãi bỏ/thay thế',
					textEn: 'Posted procedures are current: updated to the latest decision, repealed ones removed',
					critical: true,
					weight: 2,
					sipas: 'TT',
					legal: [nd61(12, 6), nd63(15), nd63(17)],
					sources: ['seed 000 (III.2)'],
					remediation: {
						text: 'Gỡ bỏ ngay TTHC đã bị bãi bỏ, thay thế; cập nhật nội dung niêm yết theo Quyết định công bố TTHC mới nhất',
						deadlineDays: 7
					}
				},
				{
					id: 'A4',
					kind: 'pass',
					text: 'Vị trí niêm yết thuận tiện, dễ thấy, dễ đọc, dễ tra cứu (bảng gắn tường, trụ xoay, bảng di động hoặc màn hình)',
					textEn: 'Postings are easy to see, read and search (wall board, rotating stand, mobile board or screen)',
					weight: 1,
					sipas: 'TC',
					legal: [nd63(16)],
					remediation: {
						text: 'Bố trí lại vị trí niêm yết ở nơi dễ thấy, dễ đọc, dễ tra cứu; thay bảng niêm yết hoặc bổ sung trụ xoay, màn hình tra cứu khi cần',
						deadlineDays: 15
					}
				},
				{
					id: 'A5',
					kind: 'pass',
					text: 'Công khai địa chỉ, số điện thoại chuyên dùng, email tiếp nhận phản ánh, kiến nghị và số đường dây nóng',
					textEn: 'Address, dedicated phone, e-mail for feedback and the hotline number are posted',
					critical: true,
					weight: 2,
					sipas: 'PA',
					legal: [nd20(13, 3)],
					sources: ['seed 000 (III.2)', 'seed 002 (5a)', 'seed 003 (VI.1–2)'],
					remediation: {
						text: 'Niêm yết công khai địa chỉ, số điện thoại chuyên dùng, địa chỉ email tiếp nhận phản ánh, kiến nghị và số đường dây nóng tại Bộ phận Một cửa',
						deadlineDays: 7
					}
				},
				{
					id: 'A6',
					kind: 'pass',
					text: 'Công khai họ tên, chức danh, lĩnh vực, số điện thoại của công chức làm việc tại Bộ phận Một cửa và của người đứng đầu',
					textEn: 'Names, titles, fields and phone numbers of counter staff and of the head are posted',
					weight: 1,
					sipas: 'CC',
					legal: [nd61(9, 7)],
					remediation: {
						text: 'Công khai tại trụ sở và trên trang thông tin điện tử họ tên, chức danh, lĩnh vực, số điện thoại của người đứng đầu và của từng công chức làm việc tại Bộ phận Một cửa',
						deadlineDays: 7
					}
				},
				{
					id: 'A7',
					kind: 'pass',
					text: 'Có bộ hồ sơ mẫu (mỗi trang đóng chữ "MẪU") và mẫu đơn, tờ khai tại bàn viết / bàn hướng dẫn',
					textEn: 'Sample dossiers (each page stamped "MẪU") and blank forms are at the writing / help desk',
					weight: 1,
					sipas: 'TT',
					legal: [tt01(5, 2)],
					sources: ['seed 002 (2b)', 'seed 003 (I.1)'],
					remediation: {
						text: 'Xây dựng, bổ sung bộ hồ sơ mẫu (in chữ “MẪU” trên từng trang) cho các TTHC phát sinh nhiều hồ sơ; bố trí đủ mẫu đơn, tờ khai tại bàn viết, bàn hướng dẫn',
						deadlineDays: 15
					}
				},
				{
					id: 'A8',
					kind: 'pass',
					text: 'TTHC được công khai trên Cổng/Trang thông tin điện tử của đơn vị (có mã QR tra cứu: tùy chọn)',
					textEn: 'Procedures are published on the unit’s web portal (QR look-up optional)',
					weight: 1,
					sipas: 'TC',
					legal: [nd63(17, 1, 'c'), tt01(13, 6, 'Chỉ số 6: 2 điểm khi công khai cả niêm yết và điện tử')],
					sources: ['seed 000 (II.2)'],
					remediation: {
						text: 'Đăng tải đầy đủ, kịp thời TTHC trên Cổng/Trang thông tin điện tử của đơn vị trên cơ sở kết nối Cơ sở dữ liệu quốc gia về TTHC',
						deadlineDays: 15
					}
				},
				{
					id: 'A9',
					kind: 'pass',
					text: 'Công khai kết quả đánh giá mức độ hài lòng và kết quả giải quyết hồ sơ tại Bộ phận Một cửa',
					textEn: 'Satisfaction ratings and dossier results are published at the counter',
					weight: 1,
					sipas: 'KQ',
					legal: [nd61(32, 1)],
					sources: ['seed 004 (2.1)'],
					remediation: {
						text: 'Công khai và cập nhật định kỳ kết quả đánh giá mức độ hài lòng, kết quả giải quyết hồ sơ tại Bộ phận Một cửa',
						deadlineDays: 15
					}
				},
				{
					id: 'A10',
					kind: 'pass',
					text: 'Hướng dẫn nộp hồ sơ trực tuyến, thanh toán trực tuyến, dịch vụ bưu chính công ích được công khai',
					textEn: 'Guidance on online filing, online payment and public postal service is posted',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(8, 1, 'c'), nd61(16), nd61(22, 1, 'c')],
					sources: ['seed 002 (1b)', 'seed 003 (I.2)', 'seed 004 (2.3–2.4)'],
					remediation: {
						text: 'Niêm yết hướng dẫn nộp hồ sơ trực tuyến, thanh toán phí, lệ phí trực tuyến và sử dụng dịch vụ bưu chính công ích tại Bộ phận Một cửa',
						deadlineDays: 7
					}
				}
			]
		},
		{
			id: 'B',
			title: 'Trang thiết bị, cơ sở vật chất',
			titleEn: 'Equipment and facilities',
			items: [
				{
					id: 'B1',
					kind: 'pass',
					text: 'Bộ phận Một cửa ở vị trí thuận tiện, dễ tìm, có biển tên; diện tích phù hợp số lượng giao dịch',
					textEn: 'Counter is convenient and easy to find, signposted, and large enough for its traffic',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(13, 1)],
					remediation: {
						text: 'Gắn biển tên Bộ phận Một cửa dễ nhận biết, có biển chỉ dẫn; đề xuất cấp có thẩm quyền bố trí vị trí, diện tích phù hợp số lượng giao dịch',
						deadlineDays: 30
					}
				},
				{
					id: 'B2',
					kind: 'pass',
					text: 'Có khu vực/quầy hướng dẫn, cung cấp thông tin TTHC',
					textEn: 'There is an information / help desk for procedures',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(13, 2, 'b')],
					sources: ['seed 002 (1c)'],
					remediation: {
						text: 'Bố trí khu vực hoặc quầy hướng dẫn, cung cấp thông tin TTHC và phân công người trực hướng dẫn',
						deadlineDays: 15
					}
				},
				{
					id: 'B3',
					kind: 'pass',
					text: 'Quầy tiếp nhận, trả kết quả chia theo lĩnh vực, có biển ghi lĩnh vực',
					textEn: 'Reception / return desks are split by field and labelled',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(13, 2, 'b')],
					remediation: {
						text: 'Sắp xếp quầy tiếp nhận, trả kết quả theo từng lĩnh vực; gắn biển ghi rõ lĩnh vực tại từng quầy',
						deadlineDays: 15
					}
				},
				{
					id: 'B4',
					kind: 'count',
					text: 'Đủ ghế ngồi chờ',
					textEn: 'Enough waiting seats',
					count: {
						threshold: 1,
						numeratorLabel: 'Số ghế ngồi chờ',
						denominatorLabel: 'Số người chờ lúc kiểm tra'
					},
					weight: 1,
					sipas: 'TC',
					legal: [nd61(13, 2, 'b')],
					sources: ['seed 003 (II.2)'],
					remediation: {
						text: 'Bổ sung ghế ngồi chờ, bảo đảm đủ chỗ ngồi cho người dân vào giờ cao điểm',
						deadlineDays: 15
					}
				},
				{
					id: 'B5',
					kind: 'pass',
					text: 'Có bàn viết hồ sơ, bút, văn phòng phẩm cho người dân',
					textEn: 'Writing desk, pens and stationery for citizens',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(13, 2, 'b')],
					sources: ['seed 002 (1d)', 'seed 003 (II.1)'],
					remediation: {
						text: 'Bố trí bàn viết hồ sơ và cung cấp đủ bút, giấy, văn phòng phẩm cho người dân',
						deadlineDays: 7
					}
				},
				{
					id: 'B6',
					kind: 'pass',
					text: 'Có máy tính kết nối mạng cho người dân nộp hồ sơ trực tuyến',
					textEn: 'Networked computer for citizens to file online',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(13, 2, 'b')],
					remediation: {
						text: 'Bố trí máy tính có kết nối mạng dành cho người dân nộp hồ sơ trực tuyến và phân công người hỗ trợ',
						deadlineDays: 30
					}
				},
				{
					id: 'B7',
					kind: 'pass',
					text: 'Máy lấy số thứ tự tự động hoạt động, kết nối Hệ thống thông tin một cửa điện tử',
					textEn: 'Queue ticket machine works and is linked to the electronic one-stop system',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(13, 2, 'b')],
					remediation: {
						text: 'Sửa chữa hoặc trang bị máy lấy số thứ tự tự động và kết nối với Hệ thống thông tin một cửa điện tử',
						deadlineDays: 30
					}
				},
				{
					id: 'B8',
					kind: 'pass',
					text: 'Màn hình cảm ứng / ki-ốt tra cứu TTHC và tra cứu kết quả giải quyết',
					textEn: 'Touch screen / kiosk to look up procedures and dossier status',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(13, 2, 'b')],
					remediation: {
						text: 'Trang bị hoặc khắc phục hư hỏng màn hình cảm ứng, ki-ốt tra cứu TTHC và kết quả giải quyết hồ sơ',
						deadlineDays: 30
					}
				},
				{
					id: 'B9',
					kind: 'pass',
					text: 'Camera giám sát toàn bộ khu vực làm việc',
					textEn: 'CCTV covers the whole working area',
					weight: 1,
					sipas: 'CC',
					legal: [nd61(13, 2, 'b')],
					remediation: {
						text: 'Lắp đặt, sửa chữa camera giám sát bao quát toàn bộ khu vực làm việc của Bộ phận Một cửa',
						deadlineDays: 30
					}
				},
				{
					id: 'B10',
					kind: 'pass',
					text: 'Thiết bị đánh giá mức độ hài lòng điện tử hoặc phiếu đánh giá đặt tại bàn viết và các quầy',
					textEn: 'Electronic rating device or rating slips at the writing desk and every desk',
					weight: 1,
					sipas: 'PA',
					legal: [tt01(12)],
					sources: ['seed 004 (1.5)', 'seed 004 (8.1)'],
					remediation: {
						text: 'Bố trí thiết bị đánh giá điện tử hoặc phiếu đánh giá mức độ hài lòng tại bàn viết hồ sơ và tất cả các quầy',
						deadlineDays: 7
					}
				},
				{
					id: 'B11',
					kind: 'pass',
					text: 'Máy tính, máy in, máy quét (scan), máy photocopy của công chức hoạt động tốt',
					textEn: 'Staff computers, printers, scanners and copiers work',
					weight: 1,
					sipas: 'KQ',
					legal: [nd61(17, 1, undefined, 'Quét, lưu hồ sơ điện tử')],
					sources: ['seed 003 (II.1)'],
					remediation: {
						text: 'Sửa chữa, thay thế máy tính, máy in, máy quét, máy photocopy hư hỏng để bảo đảm quét, lưu trữ hồ sơ điện tử',
						deadlineDays: 30
					}
				},
				{
					id: 'B12',
					kind: 'pass',
					text: 'Nước uống, quạt hoặc điều hòa, wifi; không gian sạch sẽ, thoáng mát',
					textEn: 'Drinking water, fan or air conditioning, Wi-Fi; clean, airy space',
					weight: 1,
					sipas: 'TC',
					legal: [
						{
							document: 'Thực tiễn địa phương',
							note: 'seed 002 (1d), seed 003 (II.2) — tỉnh có thể điều chỉnh'
						}
					],
					sources: ['seed 002 (1d)', 'seed 003 (II.2)'],
					remediation: {
						text: 'Bố trí nước uống, quạt hoặc điều hòa, wifi miễn phí cho người dân; giữ khu vực chờ sạch sẽ, thoáng mát',
						deadlineDays: 15
					}
				},
				{
					id: 'B13',
					kind: 'pass',
					text: 'Có hòm thư góp ý, sổ góp ý',
					textEn: 'Suggestion box and suggestion book',
					weight: 1,
					sipas: 'PA',
					legal: [{ document: 'Thực tiễn địa phương', note: 'seed 002 (5b) — tỉnh có thể điều chỉnh' }],
					sources: ['seed 002 (5b)'],
					remediation: {
						text: 'Bố trí hòm thư góp ý, sổ góp ý ở vị trí dễ thấy; định kỳ mở hòm thư, tổng hợp và xử lý góp ý',
						deadlineDays: 7
					}
				},
				{
					id: 'B14',
					kind: 'pass',
					text: 'Phương tiện phòng cháy, chữa cháy đầy đủ, còn hạn',
					textEn: 'Fire safety equipment complete and in date',
					weight: 1,
					sipas: 'TC',
					legal: [nd61(9, 9)],
					remediation: {
						text: 'Trang bị đầy đủ phương tiện phòng cháy, chữa cháy; kiểm tra, nạp lại hoặc thay thế bình chữa cháy hết hạn',
						deadlineDays: 15
					}
				}
			]
		},
		{
			id: 'C',
			title: 'Văn hóa công sở',
			titleEn: 'Office culture',
			items: [
				{
					id: 'C1',
					kind: 'count',
					text: 'Quầy có công chức trực đầy đủ trong giờ làm việc; có người dự phòng khi vắng',
					textEn: 'Desks are staffed throughout working hours, with a stand-in when someone is away',
					count: {
						threshold: 1,
						numeratorLabel: 'Số công chức có mặt',
						denominatorLabel: 'Số công chức theo lịch trực',
						partOfWhole: true
					},
					critical: true,
					weight: 2,
					sipas: 'CC',
					legal: [nd61(12, 8), CT26],
					remediation: {
						text: 'Bố trí đủ công chức trực tại quầy theo lịch trực trong toàn bộ giờ làm việc; phân công người dự phòng thay thế khi có người vắng',
						deadlineDays: 7
					}
				},
				{
					id: 'C2',
					kind: 'pass',
					text: 'Giờ làm việc được niêm yết và chấp hành (không đến muộn, về sớm, bỏ vị trí)',
					textEn: 'Opening hours are posted and kept (no late arrival, early leaving or empty desks)',
					weight: 1,
					sipas: 'CC',
					legal: [CT26],
					sources: ['seed 002 (3c)'],
					remediation: {
						text: 'Niêm yết giờ làm việc tại Bộ phận Một cửa; chấn chỉnh, xử lý việc đi muộn, về sớm, bỏ vị trí làm việc',
						deadlineDays: 7
					}
				},
				{
					id: 'C3',
					kind: 'pass',
					text: 'Có biển tên, chức danh tại quầy/bàn làm việc',
					textEn: 'Name and title plates at each desk',
					weight: 1,
					sipas: 'CC',
					legal: [QD129],
					remediation: {
						text: 'Bố trí biển ghi họ tên, chức danh tại từng quầy, bàn làm việc',
						deadlineDays: 7
					}
				},
				{
					id: 'C4',
					kind: 'pass',
					text: 'Không hút thuốc lá, không sử dụng rượu bia trong công sở, trong giờ làm việc',
					textEn: 'No smoking and no alcohol on the premises or during working hours',
					critical: true,
					weight: 2,
					sipas: 'CC',
					legal: [CT26, QD129],
					remediation: {
						text: 'Chấm dứt ngay việc hút thuốc lá, sử dụng rượu bia trong công sở, trong giờ làm việc; kiểm điểm, xử lý cá nhân vi phạm',
						deadlineDays: 7
					}
				},
				{
					id: 'C5',
					kind: 'pass',
					text: 'Công sở sạch sẽ, gọn gàng; bài trí đúng quy định (Quốc huy, Quốc kỳ, biển tên cơ quan)',
					textEn: 'Premises clean and tidy; national emblem, flag and office sign displayed as required',
					weight: 1,
					sipas: 'TC',
					legal: [QD129],
					remediation: {
						text: 'Sắp xếp công sở sạch sẽ, gọn gàng; treo Quốc huy, Quốc kỳ, gắn biển tên cơ quan đúng quy định',
						deadlineDays: 15
					}
				},
				{
					id: 'C6',
					kind: 'pass',
					text: 'Mặc đồng phục hoặc trang phục theo quy định, gọn gàng, lịch sự',
					textEn: 'Wears the uniform or prescribed dress, neat and proper',
					perOfficer: true,
					weight: 1,
					sipas: 'CC',
					legal: [nd61(11, 2, 'e'), QD129],
					remediation: {
						text: 'Yêu cầu công chức mặc đồng phục hoặc trang phục theo quy định, gọn gàng, lịch sự khi làm việc tại Bộ phận Một cửa',
						deadlineDays: 7
					}
				},
				{
					id: 'C7',
					kind: 'pass',
					text: 'Đeo thẻ công chức, viên chức',
					textEn: 'Wears the civil servant ID card',
					perOfficer: true,
					weight: 1,
					sipas: 'CC',
					legal: [nd61(11, 2, 'e')],
					remediation: {
						text: 'Yêu cầu công chức đeo thẻ công chức, viên chức trong suốt thời gian thực thi nhiệm vụ',
						deadlineDays: 7
					}
				},
				{
					id: 'C8',
					kind: 'pass',
					text: 'Không làm việc riêng, không nghe điện thoại việc riêng khi người dân đang chờ',
					textEn: 'No private business or private phone calls while citizens wait',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [CT26],
					sources: ['seed 002 (3c)'],
					remediation: {
						text: 'Chấn chỉnh việc làm việc riêng, nghe điện thoại việc riêng khi người dân đang chờ; ưu tiên tiếp đón người dân đến giao dịch',
						deadlineDays: 7
					}
				},
				{
					id: 'C9',
					kind: 'pass',
					text: 'Tác phong, thái độ giao tiếp lịch sự, hòa nhã, thân thiện, chuẩn mực',
					textEn: 'Courteous, gentle, friendly and proper manner',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [nd61(11, 1, 'd'), nd61(5, 1, 'h')],
					remediation: {
						text: 'Nhắc nhở, kiểm điểm công chức có thái độ giao tiếp chưa chuẩn mực; cử công chức tham gia bồi dưỡng kỹ năng giao tiếp, ứng xử với người dân',
						deadlineDays: 15
					}
				},
				{
					id: 'C10',
					kind: 'pass',
					text: 'Hướng dẫn hồ sơ bằng Phiếu hướng dẫn; yêu cầu bổ sung hồ sơ chỉ một lần; không yêu cầu giấy tờ ngoài quy định',
					textEn: 'Gives written guidance slips; asks for missing papers only once; asks for nothing beyond the rules',
					perOfficer: true,
					critical: true,
					weight: 2,
					sipas: 'TT',
					legal: [nd61(11, 2, 'c'), nd61(5, 1, 'đ')],
					sources: ['seed 002 (2d)', 'seed 002 (3b)'],
					remediation: {
						text: 'Hướng dẫn hồ sơ bằng Phiếu hướng dẫn; chỉ yêu cầu bổ sung, hoàn thiện hồ sơ một lần; chấm dứt việc yêu cầu giấy tờ ngoài quy định',
						deadlineDays: 7
					}
				},
				{
					id: 'C11',
					kind: 'sample',
					text: 'Hồ sơ trễ hạn có Phiếu xin lỗi và hẹn lại ngày trả kết quả',
					textEn: 'Late dossiers carry an apology slip with a new return date',
					sample: { defaultSize: 3, unitLabel: 'hồ sơ trễ hạn' },
					weight: 1,
					sipas: 'KQ',
					legal: [nd61(19, 9), tt01(9, 1, 'Mẫu số 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả')],
					sources: ['seed 002 (3b)', 'seed 004 (3.8)'],
					remediation: {
						text: 'Thực hiện xin lỗi bằng Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04) đối với tất cả hồ sơ trễ hạn; cập nhật ngày hẹn mới trên phần mềm một cửa',
						deadlineDays: 15
					}
				}
			]
		},
		{
			id: 'D',
			title: 'Thực hiện “4 xin, 4 luôn, 5 không”',
			titleEn: 'Courtesy code: “4 xin, 4 luôn, 5 không”',
			items: [
				{
					id: 'D1',
					kind: 'pass',
					group: '4 xin',
					text: 'Xin chào',
					textEn: 'Greets the citizen',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [QD1847],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Nhắc nhở công chức chủ động chào hỏi người dân khi tiếp đón',
						deadlineDays: 7
					}
				},
				{
					id: 'D2',
					kind: 'pass',
					group: '4 xin',
					text: 'Xin lỗi',
					textEn: 'Apologises (for waiting, for mistakes)',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [QD1847],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Nhắc nhở công chức xin lỗi người dân khi để người dân chờ lâu, khi phải vắng mặt hoặc khi có sai sót',
						deadlineDays: 7
					}
				},
				{
					id: 'D3',
					kind: 'pass',
					group: '4 xin',
					text: 'Xin cảm ơn',
					textEn: 'Thanks the citizen',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [QD1847],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Nhắc nhở công chức cảm ơn người dân khi kết thúc giao dịch và khi nhận được góp ý',
						deadlineDays: 7
					}
				},
				{
					id: 'D4',
					kind: 'pass',
					group: '4 xin',
					text: 'Xin phép',
					textEn: 'Asks permission (before leaving the desk, taking papers)',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [QD1847],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Nhắc nhở công chức xin phép người dân khi cần rời quầy, cần giữ giấy tờ hoặc xử lý việc khác trong lúc tiếp dân',
						deadlineDays: 7
					}
				},
				{
					id: 'D5',
					kind: 'pass',
					group: '4 luôn',
					text: 'Luôn mỉm cười',
					textEn: 'Always smiles',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [QD1847],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Chấn chỉnh thái độ tiếp đón; yêu cầu công chức giữ thái độ niềm nở, thân thiện với người dân',
						deadlineDays: 7
					}
				},
				{
					id: 'D6',
					kind: 'pass',
					group: '4 luôn',
					text: 'Luôn nhẹ nhàng',
					textEn: 'Always gentle',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [QD1847],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Chấn chỉnh cách giao tiếp; yêu cầu công chức nói năng nhẹ nhàng, từ tốn, không to tiếng với người dân',
						deadlineDays: 7
					}
				},
				{
					id: 'D7',
					kind: 'pass',
					group: '4 luôn',
					text: 'Luôn lắng nghe',
					textEn: 'Always listens',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [QD1847],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Yêu cầu công chức lắng nghe đầy đủ ý kiến, yêu cầu của người dân trước khi giải thích, hướng dẫn',
						deadlineDays: 7
					}
				},
				{
					id: 'D8',
					kind: 'pass',
					group: '4 luôn',
					text: 'Luôn giúp đỡ',
					textEn: 'Always helps',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [QD1847],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Yêu cầu công chức chủ động giúp đỡ người dân hoàn thiện hồ sơ, ưu tiên người cao tuổi, người khuyết tật, người gặp khó khăn',
						deadlineDays: 7
					}
				},
				{
					id: 'D9',
					kind: 'pass',
					group: '5 không',
					text: 'Không cửa quyền, hách dịch, gây khó khăn, phiền hà',
					textEn: 'Never high-handed, arrogant, obstructive or vexatious',
					perOfficer: true,
					observable: true,
					critical: true,
					weight: 2,
					sipas: 'CC',
					legal: [ND61_D5('a')],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Kiểm điểm, xử lý trách nhiệm công chức có biểu hiện cửa quyền, hách dịch, gây khó khăn, phiền hà; xem xét thay thế công chức vi phạm tại Bộ phận Một cửa',
						deadlineDays: 7
					}
				},
				{
					id: 'D10',
					kind: 'pass',
					group: '5 không',
					text: 'Không quan liêu, vô cảm, vô trách nhiệm',
					textEn: 'Never bureaucratic, indifferent or irresponsible',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [ND61_D5('g')],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Kiểm điểm công chức có biểu hiện quan liêu, vô cảm, thiếu trách nhiệm với người dân; theo dõi, nhận xét hằng tháng',
						deadlineDays: 15
					}
				},
				{
					id: 'D11',
					kind: 'pass',
					group: '5 không',
					text: 'Không tham nhũng, lãng phí, lợi ích nhóm',
					textEn: 'Never corrupt, wasteful or serving group interests',
					perOfficer: true,
					observable: true,
					critical: true,
					weight: 2,
					sipas: 'CC',
					legal: [ND61_D5()],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Xác minh, xử lý nghiêm theo quy định hành vi tham nhũng, tiêu cực, lợi ích nhóm; báo cáo kết quả xử lý về đoàn kiểm tra',
						deadlineDays: 7
					}
				},
				{
					id: 'D12',
					kind: 'pass',
					group: '5 không',
					text: 'Không xu nịnh, chạy chọt, gian dối',
					textEn: 'Never sycophantic, string-pulling or dishonest',
					perOfficer: true,
					observable: true,
					weight: 1,
					sipas: 'CC',
					legal: [ND61_D5()],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Kiểm điểm, chấn chỉnh công chức có biểu hiện xu nịnh, chạy chọt, gian dối trong thực thi công vụ',
						deadlineDays: 15
					}
				},
				{
					id: 'D13',
					kind: 'pass',
					group: '5 không',
					text: 'Không lợi dụng chức vụ, quyền hạn trong thực thi công vụ',
					textEn: 'Never abuses position or power in official duties',
					perOfficer: true,
					observable: true,
					critical: true,
					weight: 2,
					sipas: 'CC',
					legal: [ND61_D5()],
					sources: ['seed 002 (3a)'],
					remediation: {
						text: 'Xác minh, xử lý nghiêm hành vi lợi dụng chức vụ, quyền hạn; tạm dừng bố trí công chức vi phạm tiếp nhận, giải quyết hồ sơ trong thời gian xem xét',
						deadlineDays: 7
					}
				}
			]
		},
		{
			id: 'E',
			title: 'Kết quả giải quyết hồ sơ (kiểm tra xác suất)',
			titleEn: 'Dossier outcomes (random sample)',
			enabledByDefault: false,
			items: [
				{
					id: 'E1',
					kind: 'sample',
					text: 'Hồ sơ được giải quyết, trả kết quả đúng hạn hoặc trước hạn',
					textEn: 'Dossier resolved and returned on time or early',
					sample: { defaultSize: 10, unitLabel: 'hồ sơ' },
					weight: 1,
					sipas: 'KQ',
					legal: [nd61(4, 3), tt01(13, 1, 'Chỉ số 1 — tổng thời gian giải quyết so với quy định')],
					sources: ['seed 000', 'seed 002 (4b)', 'seed 003 (V.1)', 'seed 004 (2.2)'],
					remediation: {
						text: 'Rà soát nguyên nhân hồ sơ giải quyết quá hạn, xác định trách nhiệm từng khâu, từng cá nhân và có biện pháp bảo đảm giải quyết hồ sơ đúng hạn',
						deadlineDays: 30
					}
				},
				{
					id: 'E2',
					kind: 'sample',
					text: 'Hồ sơ được cập nhật đầy đủ trên Hệ thống thông tin một cửa điện tử (thông tin tiếp nhận, hồ sơ quét, quá trình xử lý, kết quả)',
					textEn: 'Dossier fully recorded in the electronic one-stop system (intake, scans, steps, result)',
					sample: { defaultSize: 10, unitLabel: 'hồ sơ' },
					weight: 1,
					sipas: 'KQ',
					legal: [nd61(17, 1), nd61(11, 2, 'd'), nd61(20, 5)],
					sources: ['seed 002 (4a)', 'seed 003 (V.2)', 'seed 004 (2.3)'],
					remediation: {
						text: 'Cập nhật đầy đủ thông tin tiếp nhận, hồ sơ quét, quá trình xử lý và kết quả của tất cả hồ sơ lên Hệ thống thông tin một cửa điện tử; chấm dứt tiếp nhận, trả kết quả thủ công',
						deadlineDays: 15
					}
				},
				{
					id: 'E3',
					kind: 'sample',
					text: 'Hồ sơ trễ hạn trong mẫu có văn bản xin lỗi, hẹn lại ngày trả kết quả gửi chậm nhất 01 ngày trước ngày hết hạn; chỉ hẹn lại một lần',
					textEn: 'Late dossiers in the sample got an apology and new date at least 1 day before the deadline, rescheduled only once',
					sample: { defaultSize: 3, unitLabel: 'hồ sơ trễ hạn' },
					weight: 1,
					sipas: 'KQ',
					legal: [nd61(19, 9), tt01(9, 1, 'Mẫu số 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả')],
					sources: ['seed 001', 'seed 002 (3b)', 'seed 003 (III.2)', 'seed 004 (3.8)'],
					remediation: {
						text: 'Gửi văn bản xin lỗi và hẹn lại ngày trả kết quả chậm nhất 01 ngày trước ngày hết hạn đối với mọi hồ sơ quá hạn; không hẹn lại quá một lần',
						deadlineDays: 15
					}
				},
				{
					id: 'E4',
					kind: 'count',
					text: 'Tỷ lệ hồ sơ giải quyết trễ hạn trong kỳ không quá 2%',
					textEn: 'Late dossiers in the period are at most 2% (on-time share ≥ 98%)',
					count: {
						threshold: 0.98,
						numeratorLabel: 'Số hồ sơ giải quyết đúng hạn, trước hạn trong kỳ',
						denominatorLabel: 'Tổng số hồ sơ đã giải quyết trong kỳ',
						partOfWhole: true
					},
					weight: 1,
					sipas: 'KQ',
					legal: [
						nd61(4, 3),
						{
							document: 'Thực tiễn địa phương',
							note: 'Chỉ tiêu trễ hạn không quá 2%: seed 002 (4b) — tỉnh có thể điều chỉnh ngưỡng'
						}
					],
					sources: ['seed 002 (4b)', 'seed 004 (2.2)'],
					remediation: {
						text: 'Xây dựng giải pháp giảm tỷ lệ hồ sơ trễ hạn xuống không quá 2%; kiểm điểm trách nhiệm cơ quan, cá nhân để xảy ra nhiều hồ sơ trễ hạn',
						deadlineDays: 30
					}
				}
			]
		}
	],
	grading: {
		bands: [
			{ id: 'tot', label: 'Tốt', labelEn: 'Good', minScore: 0.9 },
			{ id: 'kha', label: 'Khá', labelEn: 'Fair', minScore: 0.75 },
			{ id: 'trung-binh', label: 'Trung bình', labelEn: 'Average', minScore: 0.5 },
			{ id: 'kem', label: 'Kém', labelEn: 'Poor', minScore: 0 }
		],
		criticalCap: 'trung-binh'
	}
} satisfies z.input<typeof templateSchema>;
