/**
 * Checklist templates: the versioned, province-editable description of what an inspector
 * checks. Pure data validated by these schemas in the browser, on the server and in tests.
 */
import { z } from 'zod';

/** SIPAS factors: TC tiếp cận dịch vụ, TT thủ tục hành chính, CC công chức, KQ kết quả, PA phản ánh kiến nghị. */
export const sipasFactorSchema = z.enum(['TC', 'TT', 'CC', 'KQ', 'PA']);
export type SipasFactor = z.infer<typeof sipasFactorSchema>;

/** A legal basis kept as data so a province can update it without a code change. */
export const legalRefSchema = z.object({
	/** The text's number and kind, e.g. "Nghị định 118/2025/NĐ-CP". */
	document: z.string().min(1),
	/** Date the text was issued, YYYY-MM-DD, when known. */
	date: z.iso.date().optional(),
	article: z.string().optional(),
	clause: z.string().optional(),
	/**
	 * `historical`: the basis the item was written on, replaced since and kept so old records read
	 * as they were made; absent means in force (version 1 predates this field and marks its
	 * replaced texts in `note`).
	 */
	status: z.enum(['in_force', 'historical']).optional(),
	note: z.string().optional()
});
export type LegalRef = z.infer<typeof legalRefSchema>;

const itemBase = {
	id: z.string().regex(/^[A-Z][0-9]{1,2}$/, { message: 'Item ids look like A1, B12…' }),
	text: z.string().min(3),
	textEn: z.string().min(3).optional(),
	/** How to check the item, shown to the inspector under its text. */
	guidance: z.string().optional(),
	guidanceEn: z.string().optional(),
	group: z.string().optional(),
	perOfficer: z.boolean().default(false),
	critical: z.boolean().default(false),
	weight: z.number().positive().default(1),
	sipas: sipasFactorSchema,
	legal: z.array(legalRefSchema).min(1),
	/** Seed plans the item comes from, e.g. "seed 002 (3a)". */
	sources: z.array(z.string()).default([]),
	/** "Không quan sát được" offered as an answer (counts as not applicable). */
	observable: z.boolean().default(false),
	remediation: z.object({
		text: z.string().min(3),
		deadlineDays: z.number().int().positive()
	})
};

export const templateItemSchema = z.discriminatedUnion('kind', [
	z.object({ ...itemBase, kind: z.literal('pass') }),
	z.object({
		...itemBase,
		kind: z.literal('count'),
		count: z.object({
			/** Passes when numerator / denominator ≥ threshold. */
			threshold: z.number().min(0).max(10),
			numeratorLabel: z.string(),
			denominatorLabel: z.string(),
			/**
			 * The numerator counts a part of the denominator (officers present of those on the
			 * roster): a figure above it cannot be true and the server refuses it (impossible_count).
			 */
			partOfWhole: z.boolean().default(false)
		})
	}),
	z.object({
		...itemBase,
		kind: z.literal('sample'),
		sample: z.object({ defaultSize: z.number().int().positive(), unitLabel: z.string() })
	}),
	z.object({
		...itemBase,
		kind: z.literal('number'),
		number: z.object({
			unit: z.string().optional(),
			passMin: z.number().optional(),
			passMax: z.number().optional()
		})
	}),
	z.object({ ...itemBase, kind: z.literal('text') }),
	z.object({
		...itemBase,
		kind: z.literal('choice'),
		choice: z.object({
			options: z.array(z.object({ value: z.string(), label: z.string(), passes: z.boolean().nullable() })).min(2)
		})
	})
]);
export type TemplateItem = z.infer<typeof templateItemSchema>;
export type TemplateItemKind = TemplateItem['kind'];

export const templateSectionSchema = z.object({
	id: z.string().regex(/^[A-Z]$/),
	title: z.string().min(3),
	titleEn: z.string().optional(),
	enabledByDefault: z.boolean().default(true),
	weight: z.number().positive().default(1),
	items: z.array(templateItemSchema).min(1)
});
export type TemplateSection = z.infer<typeof templateSectionSchema>;

export const gradeBandSchema = z.object({
	id: z.string(),
	label: z.string(),
	labelEn: z.string().optional(),
	/** Lowest overall score (0..1) that earns this grade. */
	minScore: z.number().min(0).max(1)
});
export type GradeBand = z.infer<typeof gradeBandSchema>;

/**
 * How answers become a score. One method exists today; naming it in the version lets a record say
 * how it was scored and lets a future method be added without re-reading old records differently.
 */
export const scoringMethodSchema = z.object({
	/** weighted-pass-share: pass 1, fail 0, per-officer items the share of officers passing, weighted means. */
	id: z.literal('weighted-pass-share'),
	label: z.string().min(3),
	labelEn: z.string().optional()
});
export type ScoringMethod = z.infer<typeof scoringMethodSchema>;

/**
 * A points index over two posting items (physical and electronic): 2 when both pass, 1 when one
 * does, 0 when neither. Version 1 printed Chỉ số 6 of Thông tư 01/2018/TT-VPCP this way.
 */
export const postingIndexSchema = z.object({
	label: z.string().min(3),
	labelEn: z.string().optional(),
	physicalItemId: z.string(),
	electronicItemId: z.string()
});
export type PostingIndex = z.infer<typeof postingIndexSchema>;

/**
 * The defaults below are what version 1 (2025.1) was scored with before scoring became data, so a
 * version stored without these fields scores, grades and prints exactly as it did.
 */
export const V1_SCORING_METHOD: ScoringMethod = {
	id: 'weighted-pass-share',
	label: 'Tỷ lệ đạt có trọng số (mục đạt 1, không đạt 0; mục theo từng người tính tỷ lệ người đạt)',
	labelEn: 'Weighted pass share (pass 1, fail 0; per-officer items count the share of officers who pass)'
};
export const V1_POSTING_INDEX: PostingIndex = {
	label: 'Công khai TTHC (Chỉ số 6, Thông tư 01/2018/TT-VPCP)',
	labelEn: 'Public posting of procedures (index 6, Circular 01/2018/TT-VPCP)',
	physicalItemId: 'A1',
	electronicItemId: 'A8'
};

export const gradingSchema = z.object({
	method: scoringMethodSchema.default(V1_SCORING_METHOD),
	/** Ordered best first; labels are the province's own words. */
	bands: z.array(gradeBandSchema).min(2),
	/** Best grade an inspection may get when any critical item fails. */
	criticalCap: z.string(),
	/**
	 * The least share of the slots that apply (checked + cannot check + unanswered) that must have
	 * been checked for the record to carry a grade. Below it the score is printed with its coverage
	 * and no grade: five answers of 48 must never read as "Tốt".
	 */
	minCheckedShare: z.number().min(0).max(1).default(0.8),
	/**
	 * null: the version computes no posting index (no text in force defines one). Items it names
	 * that the version lacks leave the index uncomputed rather than invalidating the version, since
	 * a version stored before this field gets version 1's index by default.
	 */
	publicPostingIndex: postingIndexSchema.nullable().default(V1_POSTING_INDEX)
});
export type Grading = z.infer<typeof gradingSchema>;

export const templateSchema = z
	.object({
		id: z.string().min(1),
		version: z.string().min(1),
		name: z.string().min(3),
		locale: z.literal('vi'),
		sections: z.array(templateSectionSchema).min(1),
		grading: gradingSchema
	})
	.superRefine((t, ctx) => {
		const ids = new Set<string>();
		for (const s of t.sections)
			for (const i of s.items) {
				if (ids.has(i.id)) ctx.addIssue({ code: 'custom', message: `Duplicate item id: ${i.id}` });
				ids.add(i.id);
				if (!i.id.startsWith(s.id)) ctx.addIssue({ code: 'custom', message: `Item ${i.id} is not in section ${s.id}` });
			}
		const bandIds = t.grading.bands.map((b) => b.id);
		if (!bandIds.includes(t.grading.criticalCap)) ctx.addIssue({ code: 'custom', message: 'criticalCap must be one of the grade bands' });
		for (let i = 1; i < t.grading.bands.length; i++)
			if (t.grading.bands[i]!.minScore >= t.grading.bands[i - 1]!.minScore)
				ctx.addIssue({ code: 'custom', message: 'Grade bands must descend' });
	});
export type Template = z.infer<typeof templateSchema>;

/** A template key as stored on inspections: which template, which version. */
export const templateRefSchema = z.object({ templateId: z.string(), templateVersion: z.string() });
