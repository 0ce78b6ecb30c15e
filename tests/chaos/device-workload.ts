/**
 * What one inspector does on one device during the chaos run, through the app's own actions
 * (src/lib/local/inspection-actions.ts), so every change is one Dexie transaction that writes
 * the row and its outbox entry exactly as in the browser: opens a few records, adds and removes
 * officers, answers items (the same slots again and again, so the last answer has to win),
 * clears answers, attaches photos (sometimes the same picture twice), edits the findings of
 * failed items and submits most records, with the findings the app derives, at the end of their
 * share.
 *
 * Every note and recommendation carries a tag unique to the run, so the change row it produces
 * on the server can be counted: once is right, none is lost, twice is duplicated (verify-run.ts).
 *
 * Before each action the device's own record is checked against what this device last wrote:
 * only this device edits it, so an answer shown with an older value, or an officer it removed
 * listed again, is the sync engine undoing the inspector's work on screen (reported as an
 * anomaly) — the inspector would act on it, and the server would refuse that action.
 */
import { answerSlots, deadlineFor, generateFindings } from '$lib/domain/scoring';
import type { AppDb } from '$lib/local/app-db';
import {
	addOfficer,
	answerItem,
	attachPhoto,
	createInspection,
	currentRecord,
	RecordIncompleteError,
	removeOfficer,
	setFindingDraft,
	submitInspection
} from '$lib/local/inspection-actions';
import { header, signBoth } from '$lib/local/test-fixtures';
import { defaultTemplate } from '$lib/templates';
import { makePng, type PhotoBytes } from './png-image';
import type { SeededRandom } from './seeded-random';
import { canonical } from './verify-run';

/** A handful of slots on purpose: answers land on the same ones many times over. */
const ITEMS = defaultTemplate.sections
	.flatMap((s) => s.items)
	.filter((i) => i.kind === 'pass' && !i.perOfficer)
	.slice(0, 8)
	.map((i) => i.id);
const OFFICER_NAMES = ['Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Em', 'Vũ Thị Giang', 'Đỗ Văn Hùng', 'Bùi Thị Lan'];

type AnswerInput = Parameters<typeof answerItem>[1];
const slotOf = (a: { inspectionId: string; itemId: string; officerId: string }) => `${a.inspectionId}/${a.itemId}/${a.officerId}`;
/** An answer as the screen shows it; a cleared one looks like none (the server deletes it). */
const shown = (a: { value: unknown; note: string } | undefined) =>
	a && (a.value !== null || a.note !== '') ? canonical({ value: a.value, note: a.note }) : 'none';

interface Plan {
	/** The record's id once created. */
	id: string | null;
	budget: number;
	used: number;
	submits: boolean;
}

export class DeviceWorkload {
	readonly #plans: Plan[] = [];
	readonly #photos: PhotoBytes[] = [];
	/** Per answer slot of this device's records, what it last wrote (`shown`). */
	readonly #written = new Map<string, string>();
	readonly #removedOfficers = new Set<string>();
	#made = 0;

	constructor(
		private readonly db: AppDb,
		private readonly label: string,
		private readonly userId: string,
		private readonly random: SeededRandom,
		readonly total: number,
		/** Told when the device shows its own record older than it wrote it. */
		private readonly reportRegression: (what: string) => void = () => {}
	) {
		const count = random.int(3, 5);
		let left = total;
		for (let i = 0; i < count; i++) {
			const budget = i === count - 1 ? left : Math.floor(total / count);
			left -= budget;
			this.#plans.push({ id: null, budget, used: 0, submits: random.chance(0.75) });
		}
	}

	get done(): boolean {
		return this.#made >= this.total;
	}

	/** One user action (one outbox entry). Two records are worked on at a time. */
	async next(): Promise<void> {
		const plan = this.random.pick(this.#plans.filter((p) => p.used < p.budget).slice(0, 2));
		await this.#actOn(plan);
		plan.used++;
		this.#made++;
	}

	#tag(): string {
		return `${this.label}#${this.#made + 1}`;
	}

	async #actOn(plan: Plan): Promise<void> {
		const { db, random } = this;
		if (plan.id === null) {
			plan.id = await createInspection(db, {
				header: { ...header, address: this.#tag() },
				template: defaultTemplate,
				createdBy: this.userId
			});
			return;
		}
		const inspectionId = plan.id;
		const left = plan.budget - plan.used;
		if (plan.submits && left === 1) return this.#submit(inspectionId);
		const officers = await db.officers.where('inspectionId').equals(inspectionId).toArray();
		await this.#checkShown(inspectionId, officers);
		if (officers.length < 2 || (random.chance(0.04) && officers.length < OFFICER_NAMES.length)) {
			await addOfficer(db, inspectionId, { name: random.pick(OFFICER_NAMES), position: 'Công chức', desk: `Quầy ${officers.length + 1}` });
			return;
		}
		const officerId = random.chance(0.65) ? '' : random.pick(officers).id;
		const roll = random.next();
		if (roll < 0.03 && officers.length > 2) return this.#removeOfficer(inspectionId, random.pick(officers).id);
		if (roll < 0.07) {
			// As the screen lists them: for the record and for the officers present. (A pull can bring
			// back, for a moment, an answer of an officer this device removed, until the server's
			// tombstones for that officer's answers arrive; the screen never shows those.)
			const present = new Set(['', ...officers.map((o) => o.id)]);
			const answers = (await db.answers.where('inspectionId').equals(inspectionId).toArray()).filter((a) => present.has(a.officerId));
			if (answers.length > 0) {
				const a = random.pick(answers);
				await this.#answer({ inspectionId, itemId: a.itemId, officerId: a.officerId, value: null, note: '' });
				return;
			}
		}
		if (roll < 0.14) {
			const photo = this.#photos.length > 0 && random.chance(0.2) ? random.pick(this.#photos) : makePng(random);
			this.#photos.push(photo);
			const image = { bytes: photo.bytes.buffer, mime: photo.mime, sha256: photo.sha256, width: photo.width, height: photo.height };
			await attachPhoto(db, {
				inspectionId,
				itemId: random.chance(0.8) ? random.pick(ITEMS) : null,
				officerId,
				image,
				caption: this.#tag()
			});
			return;
		}
		if (roll < 0.22) {
			// As the summary screen offers it: the finding of an item that failed, with a deadline
			// some days after the visit (the server refuses any other).
			const failed = await this.#failedItems(inspectionId);
			const inspection = await db.inspections.get(inspectionId);
			if (failed.length > 0 && inspection) {
				await setFindingDraft(db, {
					inspectionId,
					itemId: random.pick(failed),
					recommendation: `Khắc phục ngay (${this.#tag()})`,
					deadline: deadlineFor(inspection.startedAt, random.int(1, 90)),
					defaultDeadline: deadlineFor(inspection.startedAt, 30)
				});
				return;
			}
		}
		await this.#answer({
			inspectionId,
			itemId: random.pick(ITEMS),
			officerId,
			value: random.chance(0.7) ? { kind: 'pass', result: random.chance(0.7) ? 'pass' : 'fail' } : { kind: 'na', reason: 'not_observed' },
			note: `Ghi chú ${this.#tag()}`
		});
	}

	async #answer(input: AnswerInput): Promise<void> {
		const answer = await answerItem(this.db, input);
		this.#written.set(slotOf(answer), shown(answer));
	}

	async #removeOfficer(inspectionId: string, officerId: string): Promise<void> {
		await removeOfficer(this.db, inspectionId, officerId);
		this.#removedOfficers.add(officerId);
		for (const slot of this.#written.keys())
			if (slot.startsWith(`${inspectionId}/`) && slot.endsWith(`/${officerId}`)) this.#written.delete(slot);
	}

	/** The record as the screens show it (answers of the officers present) against what this device wrote. */
	async #checkShown(inspectionId: string, officers: readonly { id: string }[]): Promise<void> {
		for (const o of officers)
			if (this.#removedOfficers.has(o.id)) this.reportRegression(`${this.label}: officer ${o.id}, removed, is listed again`);
		const present = new Set(['', ...officers.map((o) => o.id)]);
		const answers = await this.db.answers.where('inspectionId').equals(inspectionId).toArray();
		const local = new Map(answers.filter((a) => present.has(a.officerId)).map((a) => [slotOf(a), shown(a)]));
		for (const [slot, wrote] of this.#written) {
			if (!slot.startsWith(`${inspectionId}/`) || !present.has(slot.slice(slot.lastIndexOf('/') + 1))) continue;
			const showing = local.get(slot) ?? 'none';
			if (showing !== wrote) this.reportRegression(`${this.label}: answer ${slot} shows ${showing}, the device wrote ${wrote}`);
		}
	}

	/** The record's scoring input as the device holds it, as the inspection screens read it. */
	async #scoringInput(inspectionId: string) {
		const { db } = this;
		const inspection = await db.inspections.get(inspectionId);
		if (!inspection) throw new Error(`no local record ${inspectionId}`);
		const officers = (await db.officers.where('inspectionId').equals(inspectionId).toArray()).sort((a, b) => a.order - b.order);
		const answers = await db.answers.where('inspectionId').equals(inspectionId).toArray();
		return { inspection, input: { template: defaultTemplate, sectionIds: inspection.sectionIds, officers, answers } };
	}

	async #failedItems(inspectionId: string): Promise<string[]> {
		const { input } = await this.#scoringInput(inspectionId);
		return generateFindings(input).map((f) => f.itemId);
	}

	/**
	 * Finishes the record as an inspector must: every slot still open marked not applicable (one
	 * item checked at least), both parties' signatures given for the content, then submitted. A
	 * pull that changes the record in between may leave it incomplete: then it is not submitted.
	 */
	async #submit(inspectionId: string): Promise<void> {
		const db = this.db;
		const record = await currentRecord(db, inspectionId, defaultTemplate);
		const answered = new Set(record.answers.filter((a) => a.value !== null).map((a) => `${a.itemId}|${a.officerId}`));
		const open = answerSlots(defaultTemplate, record.inspection.sectionIds, record.officers).filter(
			(slot) => !answered.has(`${slot.item.id}|${slot.officerId}`)
		);
		const checkable = open.find((slot) => slot.item.kind === 'pass');
		for (const slot of open) {
			const value =
				slot === checkable && record.coverage.checked === 0
					? ({ kind: 'pass', result: 'pass' } as const)
					: ({ kind: 'na', reason: 'not_applicable' } as const);
			await this.#answer({ inspectionId, itemId: slot.item.id, officerId: slot.officerId, value });
		}
		const png = makePng(this.random);
		await signBoth(db, inspectionId, defaultTemplate, 'refuse', { bytes: png.bytes.buffer, sha256: png.sha256 });
		try {
			await submitInspection(db, inspectionId, defaultTemplate);
		} catch (err) {
			if (!(err instanceof RecordIncompleteError)) throw err;
		}
	}
}
