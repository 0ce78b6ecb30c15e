/**
 * Finding an officer in a unit's roster, without the roster's schemas (roster.ts re-exports it):
 * the record page offers the search before its first paint (issue 20: offline cold start).
 */
import { foldVietnamese } from './fold';

/** What the search reads of a roster officer (`RosterOfficer` has it all). */
export interface SearchableOfficer {
	name: string;
	position: string;
	field: string;
	active: boolean;
}

/**
 * The active officers matching every word of `query` in their name, position or field, sorted
 * by name; an empty query gives them all.
 */
export function searchRoster<O extends SearchableOfficer>(officers: readonly O[], query: string): O[] {
	const words = foldVietnamese(query).split(/\s+/).filter(Boolean);
	return officers
		.filter((o) => o.active)
		.filter((o) => {
			const haystack = foldVietnamese(`${o.name} ${o.position} ${o.field}`);
			return words.every((w) => haystack.includes(w));
		})
		.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The unit a roster request names, with its province (the tenant boundary). */
