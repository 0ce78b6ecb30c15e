import { describe, expect, it } from 'vitest';
import type { TeamMember } from './inspection';
import {
	memberName,
	membersWhoTookPart,
	sectionAuthors,
	sectionBoard,
	teamAccounts,
	teamBlockers,
	teamSubmitRefusal,
	withTeamAccount
} from './team-board';

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
				{ itemId: 'A10', officerId: '', answeredBy: 'b', answeredAt: '2026-01-01T02:00:00Z', value: pass },
				{ itemId: 'A2', officerId: '', answeredBy: 'b', answeredAt: '2026-01-01T01:00:00Z', value: pass },
				{ itemId: 'A3', officerId: '', answeredBy: 'lead', answeredAt: '2026-01-01T03:00:00Z', value: pass },
				{ itemId: 'B1', officerId: '', answeredBy: 'c', answeredAt: '2026-01-01T01:00:00Z', value: null }
			]
		);
		expect(authors).toEqual([
			{
				sectionId: 'A',
				authors: [
					{
						userId: 'b',
						answers: 2,
						slots: [
							{ itemId: 'A2', officerId: '' },
							{ itemId: 'A10', officerId: '' }
						],
						firstAt: '2026-01-01T01:00:00Z',
						lastAt: '2026-01-01T02:00:00Z'
					},
					{
						userId: 'lead',
						answers: 1,
						slots: [{ itemId: 'A3', officerId: '' }],
						firstAt: '2026-01-01T03:00:00Z',
						lastAt: '2026-01-01T03:00:00Z'
					}
				]
			},
			{ sectionId: 'B', authors: [] }
		]);
	});

	it('names the trưởng đoàn from the typed-in leader entry when the header has no account for them', () => {
		const team = [
			{ name: 'Nguyễn Văn An', role: 'truong_doan' as const, position: '', organisation: '' },
			{ userId: 'b', name: 'Trần Văn Ba', role: 'thanh_vien' as const, position: '', organisation: '' }
		];
		expect(memberName(team, 'lead', 'lead')).toBe('Nguyễn Văn An');
		expect(memberName(team, 'b', 'lead')).toBe('Trần Văn Ba');
		expect(memberName(team, 'x', 'lead')).toBe('x');
		expect(teamAccounts(team, 'lead')).toEqual([
			{ userId: 'lead', name: 'Nguyễn Văn An' },
			{ userId: 'b', name: 'Trần Văn Ba' }
		]);
	});

	it("adding an account gives the typed-in leader entry the writer's account, once", () => {
		const typed: TeamMember[] = [{ name: 'Nguyễn Văn An', role: 'truong_doan', position: '', organisation: '' }];
		const chi = { userId: 'c', name: 'Lê Thị Chi', role: 'thu_ky' as const, position: '', organisation: '' };
		const team = withTeamAccount(typed, 'lead', chi);
		expect(team.map((m) => [m.userId, m.role])).toEqual([
			['lead', 'truong_doan'],
			['c', 'thu_ky']
		]);
		const dung = { ...chi, userId: 'd', name: 'Phạm Dung', role: 'thanh_vien' as const };
		expect(withTeamAccount(team, 'lead', dung).map((m) => m.userId)).toEqual(['lead', 'c', 'd']);
	});
});
