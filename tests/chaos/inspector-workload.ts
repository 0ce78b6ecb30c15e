/**
 * What one simulated inspector does on site, one intent at a time: opens a few inspections,
 * adds and sometimes removes officers, answers items (the same slot again and again, so the
 * last answer has to win), clears a few answers, attaches photos (some the same picture twice),
 * edits finding drafts, submits most records — and now and then edits a record it already
 * submitted, which the server must answer `conflict` without changing anything.
 *
 * Every intent's args are parsed with the shared `mutationArgsSchemas` before they are queued,
 * exactly as the app does, and every note / recommendation carries a tag unique to the
 * mutation so its change row can be told apart from any other (see intended-state.ts).
 */
import { uuidv7 } from '$lib/domain/ids';
import type { AnswerValue, Finding } from '$lib/domain/inspection';
import { mutationArgsSchemas, type MutationArgs, type MutationName } from '$lib/domain/mutations';
import type { InspectionModel, InspectorModel } from './intended-state';
import { makePng, type PhotoBytes } from './png-image';
import type { SeededRandom } from './seeded-random';

export interface Intent<N extends MutationName = MutationName> {
	name: N;
	args: MutationArgs<N>;
}

/** Few items and officers on purpose: answers land on the same slots many times over. */
const ITEMS = ['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3', 'C1'];
const FINDING_ITEMS = ['A1', 'A3', 'B2'];
const OFFICER_NAMES = ['Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Em', 'Vũ Thị Giang', 'Đỗ Văn Hùng', 'Bùi Thị Lan'];

interface InspectionPlan {
	id: string;
	/** Mutations this inspection gets in all, create and submit included. */
	budget: number;
	used: number;
	/** Submitted this many mutations before the budget ends; the rest are late (conflicting) edits. */
	submitWithLeft: number | null;
}

export class InspectorWorkload {
	readonly #plans: InspectionPlan[] = [];
	/** Photos this inspector took, by hash: the bytes the device must upload before the mutation. */
	readonly photos = new Map<string, PhotoBytes>();
	#made = 0;

	constructor(
		private readonly label: string,
		private readonly random: SeededRandom,
		private readonly model: InspectorModel,
		readonly total: number
	) {
		const count = random.int(3, 5);
		let left = total;
		for (let i = 0; i < count; i++) {
			const budget = i === count - 1 ? left : Math.floor(total / count) + random.int(-10, 10);
			left -= budget;
			const submits = random.chance(0.75);
			this.#plans.push({ id: uuidv7(), budget, used: 0, submitWithLeft: submits ? random.pick([0, 0, 0, 1, 2]) : null });
		}
	}

	get done(): boolean {
		return this.#made >= this.total;
	}

	/** The next intent, args parsed by the shared schema. Two inspections are worked on at a time. */
	next(): Intent {
		if (this.done) throw new Error('workload finished');
		const open = this.#plans.filter((p) => p.used < p.budget).slice(0, 2);
		const plan = this.random.pick(open);
		const intent = this.#nextFor(plan);
		plan.used++;
		this.#made++;
		return { name: intent.name, args: mutationArgsSchemas[intent.name].parse(intent.args) };
	}

	#tag(): string {
		return `${this.label}#${this.#made + 1}`;
	}

	#nextFor(plan: InspectionPlan): Intent {
		const model = this.model.inspections.get(plan.id);
		if (!model) return this.#create(plan.id);
		const left = plan.budget - plan.used;
		if (model.doc.status !== 'draft') return this.#answer(model); // late edit: must conflict
		if (plan.submitWithLeft !== null && left === plan.submitWithLeft + 1) return this.#submit(model);
		if (model.officers.size < 2) return this.#addOfficer(model);

		const roll = this.random.next();
		if (roll < 0.05 && model.officers.size < OFFICER_NAMES.length) return this.#addOfficer(model);
		if (roll < 0.08 && model.officers.size > 2) return this.#removeOfficer(model);
		if (roll < 0.12 && model.answers.size > 0) return this.#clearAnswer(model);
		if (roll < 0.19) return this.#attachPhoto(model);
		if (roll < 0.27) return this.#setFindingDraft(model);
		return this.#answer(model);
	}

	#create(id: string): Intent<'createInspection'> {
		const now = new Date().toISOString();
		return {
			name: 'createInspection',
			args: {
				id,
				unit: { code: 4, name: 'Phường Ba Đình', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
				startedAt: now,
				position: { lat: 21.0358, lng: 105.8142, accuracyM: this.random.int(5, 60), capturedAt: now },
				positionNote: '',
				team: [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: 'Chuyên viên', organisation: 'Sở Nội vụ' }],
				unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND phường' }],
				basis: 'Kế hoạch số 12/KH-SNV',
				address: `25 Liễu Giai (${this.#tag()})`,
				templateId: 'mot-cua',
				templateVersion: '2025.1',
				sectionIds: ['A', 'B', 'C'],
				createdBy: 'thiet-bi',
				createdAt: now,
				recommendations: '',
				unitOpinion: ''
			}
		};
	}

	#addOfficer(model: InspectionModel): Intent<'addOfficer'> {
		const order = model.officers.size;
		return {
			name: 'addOfficer',
			args: {
				id: uuidv7(),
				inspectionId: model.doc.id,
				name: this.random.pick(OFFICER_NAMES),
				position: 'Công chức',
				desk: `Quầy ${order + 1}`,
				order
			}
		};
	}

	#removeOfficer(model: InspectionModel): Intent<'removeOfficer'> {
		const officer = this.random.pick([...model.officers.values()]);
		return { name: 'removeOfficer', args: { inspectionId: model.doc.id, officerId: officer.id } };
	}

	/** An item for nobody in particular (most) or for one of the officers present. */
	#slotOfficer(model: InspectionModel): string {
		if (model.officers.size === 0 || this.random.chance(0.65)) return '';
		return this.random.pick([...model.officers.keys()]);
	}

	#value(): AnswerValue | null {
		switch (this.random.int(0, 7)) {
			case 0:
				return { kind: 'na', reason: this.random.pick(['not_applicable', 'not_observed'] as const) };
			case 1: {
				const denominator = this.random.int(1, 40);
				return { kind: 'count', numerator: this.random.int(0, denominator), denominator };
			}
			case 2: {
				const size = this.random.int(1, 20);
				return { kind: 'sample', size, passed: this.random.int(0, size) };
			}
			case 3:
				return { kind: 'number', value: this.random.int(0, 500) / 10 };
			case 4:
				return { kind: 'choice', value: this.random.pick(['co', 'khong', 'mot-phan']) };
			case 5:
				return null; // a note with no value yet
			default:
				return { kind: 'pass', result: this.random.chance(0.7) ? 'pass' : 'fail' };
		}
	}

	#answer(model: InspectionModel): Intent<'answerItem'> {
		return {
			name: 'answerItem',
			args: {
				inspectionId: model.doc.id,
				itemId: this.random.pick(ITEMS),
				officerId: this.#slotOfficer(model),
				value: this.#value(),
				note: `Ghi chú ${this.#tag()}`,
				answeredAt: new Date().toISOString()
			}
		};
	}

	#clearAnswer(model: InspectionModel): Intent<'answerItem'> {
		const answer = this.random.pick([...model.answers.values()]);
		return {
			name: 'answerItem',
			args: { ...answer, value: null, note: '', answeredAt: new Date().toISOString() }
		};
	}

	#attachPhoto(model: InspectionModel): Intent<'attachPhoto'> {
		const taken = [...this.photos.values()];
		const photo = taken.length > 0 && this.random.chance(0.2) ? this.random.pick(taken) : makePng(this.random);
		this.photos.set(photo.sha256, photo);
		return {
			name: 'attachPhoto',
			args: {
				id: uuidv7(),
				inspectionId: model.doc.id,
				itemId: this.random.chance(0.8) ? this.random.pick(ITEMS) : null,
				officerId: this.#slotOfficer(model),
				sha256: photo.sha256,
				mime: photo.mime,
				size: photo.bytes.byteLength,
				width: photo.width,
				height: photo.height,
				caption: `Ảnh ${this.#tag()}`,
				takenAt: new Date().toISOString()
			}
		};
	}

	#setFindingDraft(model: InspectionModel): Intent<'setFindingDraft'> {
		return {
			name: 'setFindingDraft',
			args: {
				inspectionId: model.doc.id,
				itemId: this.random.pick(FINDING_ITEMS),
				recommendation: `Khắc phục ngay (${this.#tag()})`,
				deadline: `2026-0${this.random.int(1, 9)}-1${this.random.int(0, 9)}`
			}
		};
	}

	#submit(model: InspectionModel): Intent<'submitInspection'> {
		const officerIds = [...model.officers.keys()];
		const findings: Finding[] = [];
		for (let i = this.random.int(0, 3); i > 0; i--) {
			const itemId = this.random.pick(FINDING_ITEMS);
			findings.push({
				id: uuidv7(),
				inspectionId: model.doc.id,
				itemId,
				sectionId: itemId.slice(0, 1),
				title: 'Chưa niêm yết đầy đủ thủ tục hành chính',
				detail: `Phát hiện ${this.#tag()}`,
				officerIds: officerIds.filter(() => this.random.chance(0.5)),
				critical: this.random.chance(0.2),
				legal: [{ document: 'Nghị định 61/2018/NĐ-CP', article: '13' }],
				recommendation: 'Niêm yết bổ sung các thủ tục còn thiếu',
				deadline: '2026-01-31'
			});
		}
		return { name: 'submitInspection', args: { inspectionId: model.doc.id, endedAt: new Date().toISOString(), findings } };
	}
}
