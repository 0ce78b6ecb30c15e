/**
 * The periodic report as a Word document (DOCX) for the officer to edit and sign: the same
 * `ReportDocument` the printable page renders, on A4 with Nghị định 30/2020's margins (top and
 * bottom 2 cm, left 3 cm, right 2 cm) and Times New Roman 13–14 pt.
 *
 * Library: `docx` (maintained, releases through 2026, ~8 M downloads a month, no native code;
 * its only runtime dependencies are fflate, already used for XLSX, and nanoid). The alternatives
 * either fill a .docx template (docxtemplater: a binary template to keep in sync with the
 * model) or convert HTML (html-docx-js: unmaintained since 2016, produces altChunk documents
 * that LibreOffice and Word Online do not edit well).
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	Packer,
	Paragraph,
	Table,
	TableBorders,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type IParagraphOptions,
	type IRunOptions
} from 'docx';
import type { DocumentTable, ReportDocument } from '$lib/domain/report-document';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Twentieths of a point per centimetre. */
const CM = 567;
/** Half-points: 13 pt body, 12 pt tables. */
const BODY = 26;
const SMALL = 24;

const text = (t: string, run: Omit<IRunOptions, 'text'> = {}) => new TextRun({ text: t, size: BODY, ...run });

function line(t: string, run: Omit<IRunOptions, 'text'> = {}, options: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
	return new Paragraph({ alignment: AlignmentType.CENTER, children: [text(t, run)], ...options });
}

/** Issuing body left, quốc hiệu and tiêu ngữ right, as a table without borders. */
function heading(d: ReportDocument): Table {
	const cell = (children: Paragraph[], width: number) => new TableCell({ children, width: { size: width, type: WidthType.PERCENTAGE } });
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		borders: TableBorders.NONE,
		rows: [
			new TableRow({
				children: [
					cell(
						[
							line(d.issuer.parent, { size: SMALL }),
							line(
								d.issuer.name,
								{ bold: true, size: SMALL },
								{ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } } }
							),
							line(d.number, {}, { spacing: { before: 120 } })
						],
						40
					),
					cell(
						[
							line(d.nationalTitle, { bold: true, size: SMALL }),
							line(d.motto, { bold: true }, { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } } }),
							line(d.placeDate, { italics: true }, { spacing: { before: 120 } })
						],
						60
					)
				]
			})
		]
	});
}

function table(t: DocumentTable): Table {
	const row = (cells: string[], header: boolean) =>
		new TableRow({
			tableHeader: header,
			children: cells.map(
				(c, i) =>
					new TableCell({
						children: [
							new Paragraph({
								alignment: header ? AlignmentType.CENTER : t.numeric.includes(i) ? AlignmentType.RIGHT : AlignmentType.LEFT,
								children: [text(c, { bold: header, size: SMALL })]
							})
						]
					})
			)
		});
	return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(t.header, true), ...t.rows.map((r) => row(r, false))] });
}

const body = (t: string) =>
	new Paragraph({
		alignment: AlignmentType.JUSTIFIED,
		indent: { firstLine: Math.round(1.27 * CM) },
		spacing: { before: 60, after: 60 },
		children: [text(t)]
	});

export async function reportToDocx(d: ReportDocument): Promise<Buffer> {
	const children: (Paragraph | Table)[] = [
		heading(d),
		line(d.title, { bold: true, size: 28 }, { spacing: { before: 360 } }),
		line(d.subtitle, { bold: true }, { spacing: { after: 240 } })
	];
	for (const s of d.sections) {
		children.push(new Paragraph({ spacing: { before: 200, after: 60 }, children: [text(s.heading, { bold: true })] }));
		for (const p of s.paragraphs) children.push(body(p));
		if (s.table && s.table.rows.length > 0) children.push(table(s.table));
	}
	const recipients = [
		new Paragraph({ spacing: { before: 360 }, children: [text('Nơi nhận:', { bold: true, italics: true, size: SMALL })] }),
		...d.recipients.map((r) => new Paragraph({ children: [text(`- ${r}`, { size: 22 })] }))
	];
	const signature = [
		...(d.signer.authority ? [line(d.signer.authority, { bold: true }, { spacing: { before: 360 } })] : []),
		line(d.signer.title, { bold: true }, d.signer.authority ? {} : { spacing: { before: 360 } }),
		line('(Ký, ghi rõ họ tên, đóng dấu)', { italics: true, size: SMALL })
	];
	children.push(
		new Table({
			width: { size: 100, type: WidthType.PERCENTAGE },
			borders: TableBorders.NONE,
			rows: [
				new TableRow({
					children: [
						new TableCell({ children: recipients, width: { size: 50, type: WidthType.PERCENTAGE } }),
						new TableCell({ children: signature, width: { size: 50, type: WidthType.PERCENTAGE } })
					]
				})
			]
		})
	);
	const document = new Document({
		creator: 'Kiểm tra Một cửa',
		title: `${d.title} ${d.subtitle}`,
		styles: { default: { document: { run: { font: 'Times New Roman', size: BODY } } } },
		sections: [
			{
				properties: {
					page: { size: { width: 11906, height: 16838 }, margin: { top: 2 * CM, bottom: 2 * CM, left: 3 * CM, right: 2 * CM } }
				},
				children
			}
		]
	});
	return Packer.toBuffer(document);
}
