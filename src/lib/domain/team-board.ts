/**
 * The team's state of one record as its phones show it (issue 17): who holds which section,
 * whose part is still out, which answers wait for the trưởng đoàn's choice, and who answered
 * what (for the record's annex). Pure: derived from the rows a device holds, so every phone that
 * has pulled the same rows shows the same board. The rules themselves live in team-record.ts.
 */
import type { TeamMember } from './inspection';
import type { AnswerConflict } from './team-record';
import { partsOutstanding, type SectionHolding, type TeamPart } from './team-holdings';

/** Item ids start with their section's letter (template.ts checks it for every template). */
export const sectionOfItem = (itemId: string): string => itemId.charAt(0);

/** The accounts named on the record's team (typed-in names have none). */
export function teamUserIds(team: readonly Pick<TeamMember, 'userId'>[]): string[] {
	return team.flatMap((m) => (m.userId ? [m.userId] : []));
}

type Named = Pick<TeamMember, 'userId' | 'name' | 'role'>;

/**
 * A team account's name as the record's header gives it. The writer (`leadUserId`) leads the team
 * even where the header typed their name without an account (an unplanned visit): the trưởng
 * đoàn's entry names them. The id itself when the header has no name for it.
 */
export function memberName(team: readonly Named[], userId: string, leadUserId?: string): string {
	const entry = team.find((m) => m.userId === userId) ?? (userId === leadUserId ? leaderEntry(team) : undefined);
	return entry?.name ?? userId;
}

const leaderEntry = (team: readonly Named[]) => team.find((m) => m.role === 'truong_doan') ?? team[0];

/** The team's accounts with their names, the trưởng đoàn (the writer) first, whether or not the header gave their account. */
export function teamAccounts(team: readonly Named[], leadUserId: string): { userId: string; name: string }[] {
	const others = team.flatMap((m) => (m.userId && m.userId !== leadUserId ? [{ userId: m.userId, name: m.name }] : []));
	return [{ userId: leadUserId, name: memberName(team, leadUserId, leadUserId) }, ...others];
}

/**
 * The team with `account` added (issue 17, an unplanned visit typed in at the start). The
 * trưởng đoàn's own entry gains the writer's account when it had none, so the header names
 * every account that writes in the record.
 */
export function withTeamAccount<M extends TeamMember>(team: readonly M[], leadUserId: string, account: M): M[] {
	const lead = team.some((m) => m.userId === leadUserId) ? undefined : leaderEntry(team);
	return [...team.map((m) => (m === lead && !m.userId ? { ...m, userId: leadUserId } : m)), account];
}

interface Authored {
	answeredBy: string;
}

/**
 * The members who took part (held a section, wrote an answer, or have a part row): whose part the
 * record waits for. The trưởng đoàn is never among them; '' (answers before issue 17) is nobody.
 */
export function membersWhoTookPart(
	leadUserId: string,
	rows: { holdings: readonly Pick<SectionHolding, 'userId'>[]; answers: readonly Authored[]; parts: readonly Pick<TeamPart, 'userId'>[] }
): string[] {
	const ids = new Set([
		...rows.holdings.map((h) => h.userId),
		...rows.answers.map((a) => a.answeredBy),
		...rows.parts.map((p) => p.userId)
	]);
	ids.delete('');
	ids.delete(leadUserId);
	return [...ids].sort();
}

export const openConflicts = <C extends Pick<AnswerConflict, 'resolvedAt'>>(conflicts: readonly C[]): C[] =>
	conflicts.filter((c) => c.resolvedAt === null);

/** What keeps the trưởng đoàn from finishing, besides the record-truth rules (completeness, signatures). */
export interface TeamBlockers {
	openConflicts: number;
	/** Members whose part is neither handed in nor released. */
	outstanding: string[];
}

export function teamBlockers(
	leadUserId: string,
	rows: {
		holdings: readonly Pick<SectionHolding, 'userId'>[];
		answers: readonly Authored[];
		parts: readonly Pick<TeamPart, 'userId' | 'state'>[];
		conflicts: readonly Pick<AnswerConflict, 'resolvedAt'>[];
	}
): TeamBlockers {
	return {
		openConflicts: openConflicts(rows.conflicts).length,
		outstanding: partsOutstanding(membersWhoTookPart(leadUserId, rows), leadUserId, rows.parts)
	};
}

/** The first team refusal of a submission, as the server words it (its error codes), or null. */
export function teamSubmitRefusal(blockers: TeamBlockers): 'answer_conflicts_open' | 'team_parts_outstanding' | null {
	if (blockers.openConflicts > 0) return 'answer_conflicts_open';
	if (blockers.outstanding.length > 0) return 'team_parts_outstanding';
	return null;
}

/** One section's row of the board: its holder, or null when free. */
export interface SectionBoardRow {
	sectionId: string;
	holder: string | null;
}

export function sectionBoard(
	sectionIds: readonly string[],
	holdings: readonly Pick<SectionHolding, 'sectionId' | 'userId'>[]
): SectionBoardRow[] {
	const holderOf = new Map(holdings.map((h) => [h.sectionId, h.userId]));
	return sectionIds.map((sectionId) => ({ sectionId, holder: holderOf.get(sectionId) ?? null }));
}

/** Who answered in a section: each author with the slots they answered, their first and latest time. */
export interface SectionAuthor {
	userId: string;
	answers: number;
	/** The slots in template order as the answers came: item, and officer ('' when not per officer). */
	slots: { itemId: string; officerId: string }[];
	firstAt: string;
	lastAt: string;
}

/** A1 < A2 < A10 within a section. */
const itemOrder = (itemId: string) => Number(itemId.slice(1));

/**
 * For the annex "who answered which section": per section (in the order given), its authors, the
 * one with most answers first. Answers without an author (before issue 17) are counted under ''.
 */
export function sectionAuthors(
	sectionIds: readonly string[],
	answers: readonly (Authored & { itemId: string; officerId: string; answeredAt: string; value: unknown })[]
): { sectionId: string; authors: SectionAuthor[] }[] {
	return sectionIds.map((sectionId) => {
		const byAuthor = new Map<string, SectionAuthor>();
		for (const a of answers) {
			if (a.value === null || sectionOfItem(a.itemId) !== sectionId) continue;
			const row = byAuthor.get(a.answeredBy) ?? { userId: a.answeredBy, answers: 0, slots: [], firstAt: a.answeredAt, lastAt: '' };
			row.answers++;
			row.slots.push({ itemId: a.itemId, officerId: a.officerId });
			if (a.answeredAt > row.lastAt) row.lastAt = a.answeredAt;
			if (a.answeredAt < row.firstAt) row.firstAt = a.answeredAt;
			byAuthor.set(a.answeredBy, row);
		}
		const authors = [...byAuthor.values()].sort((a, b) => b.answers - a.answers || a.userId.localeCompare(b.userId));
		for (const author of authors)
			author.slots.sort((a, b) => itemOrder(a.itemId) - itemOrder(b.itemId) || a.officerId.localeCompare(b.officerId));
		return { sectionId, authors };
	});
}
