import { describe, expect, it } from 'vitest';
import { membersWhoTookPart, sectionAuthors, sectionBoard, teamBlockers, teamSubmitRefusal } from './team-board';

const pass = { kind: 'pass', result: 'pass' } as const;

describe('the team board', () => {
	it('waits for every member who held a section or answered, never for the trưởng đoàn or an unknown author', () => {
		const took = membersWhoTookPart('lead', {
			holdings: [{ userId: 'b' }, { userId: 'lead' }],
			answers: [{ answeredBy: 'c' }, { answeredBy: '' }, { answeredBy: 'lead' }],
			parts: [{ userId: 'd' }]
		});
		expect(took).toEqual(['b', 'c', 'd']);
	});

	it('blocks the finish while a conflict is open, then while a part is outstanding, and not once every part is in or released', () => {
		const rows = {
			holdings: [{ userId: 'b' }, { userId: 'c' }],
			answers: [],
			parts: [{ userId: 'b', state: 'handed_in' as const }],
			conflicts: [{ resolvedAt: null }, { resolvedAt: '2026-01-01T00:00:00Z' }]
		};
		expect(teamBlockers('lead', rows)).toEqual({ openConflicts: 1, outstanding: ['c'] });
		expect(teamSubmitRefusal(teamBlockers('lead', rows))).toBe('answer_conflicts_open');
		const resolved = { ...rows, conflicts: [{ resolvedAt: '2026-01-01T00:00:00Z' }] };
		expect(teamSubmitRefusal(teamBlockers('lead', resolved))).toBe('team_parts_outstanding');
		const released = { ...resolved, parts: [...rows.parts, { userId: 'c', state: 'released' as const }] };
		expect(teamSubmitRefusal(teamBlockers('lead', released))).toBeNull();
	});

	it('lists each section with its holder, free ones as null', () => {
		expect(sectionBoard(['A', 'B'], [{ sectionId: 'B', userId: 'b' }])).toEqual([
			{ sectionId: 'A', holder: null },
			{ sectionId: 'B', holder: 'b' }
		]);
	});

	it('counts who answered in each section, cleared answers not counted', () => {
		const authors = sectionAuthors(
			['A', 'B'],
			[
				{ itemId: 'A1', answeredBy: 'b', answeredAt: '2026-01-01T01:00:00Z', value: pass },
				{ itemId: 'A2', answeredBy: 'b', answeredAt: '2026-01-01T02:00:00Z', value: pass },
				{ itemId: 'A3', answeredBy: 'lead', answeredAt: '2026-01-01T03:00:00Z', value: pass },
				{ itemId: 'B1', answeredBy: 'c', answeredAt: '2026-01-01T01:00:00Z', value: null }
			]
		);
		expect(authors).toEqual([
			{
				sectionId: 'A',
				authors: [
					{ userId: 'b', answers: 2, lastAt: '2026-01-01T02:00:00Z' },
					{ userId: 'lead', answers: 1, lastAt: '2026-01-01T03:00:00Z' }
				]
			},
			{ sectionId: 'B', authors: [] }
		]);
	});
});
