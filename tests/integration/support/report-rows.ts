/**
 * Rows written straight into the tables for the report fixtures (period-report and citizen-voice
 * tests): every status, date and finding is exactly the one the expected numbers are computed from.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { defaultTemplate } from '$lib/templates';

const T = '2026-01-01T00:00:00.000Z';

/** An inspection of the default template, in Hà Nội unless said otherwise. */
export async function insertRecord(
	db: Kysely<Database>,
	r: {
		id: string;
		unitCode: number;
		startedAt: string;
		status: string;
		kind?: 'official' | 'self';
		windowStart?: string;
		provinceCode?: number;
	}
): Promise<void> {
	await db
		.insertInto('inspections')
		.values({
			id: r.id,
			status: r.status,
			owner_user_id: 'inspector-1',
			unit_code: r.unitCode,
			province_code: r.provinceCode ?? 1,
			template_id: defaultTemplate.id,
			template_version: defaultTemplate.version,
			created_at: T,
			started_at: new Date(r.startedAt).toISOString(),
			ended_at: null,
			submitted_at: null,
			window_start: r.windowStart ?? null,
			window_end: r.windowStart ?? null,
			published_version: null,
			record_number: null,
			record_year: null,
			kind: r.kind ?? 'official',
			data: JSON.stringify({ sectionIds: defaultTemplate.sections.map((s) => s.id) }),
			version: 1,
			updated_at: T
		})
		.execute();
}

/** A finding on `item` of a record. */
export async function insertFinding(
	db: Kysely<Database>,
	f: {
		id: string;
		inspectionId: string;
		item: { id: string; text: string };
		sectionId: string;
		deadline: string;
		status: string;
		critical?: boolean;
		officerIds?: string[];
	}
): Promise<void> {
	await db
		.insertInto('findings')
		.values({
			id: f.id,
			inspection_id: f.inspectionId,
			item_id: f.item.id,
			section_id: f.sectionId,
			title: f.item.text,
			detail: 'Không đạt',
			officer_ids: JSON.stringify(f.officerIds ?? []),
			critical: f.critical ? 1 : 0,
			legal: '[]',
			recommendation: 'Khắc phục',
			deadline: f.deadline,
			status: f.status,
			version: 1,
			updated_at: T
		})
		.execute();
}
