/**
 * The team rules a page needs before its first paint — who may write in a section, whose part is
 * still outstanding — and the canonical JSON they share, without zod: team-record.ts keeps the
 * schemas and re-exports these (issue 20: offline cold start; see its header for the rules).
 */

/** Who holds a section of a record: only they (and the trưởng đoàn) write in it. */
export interface SectionHolding {
	inspectionId: string;
	sectionId: string;
	userId: string;
}

export const teamPartStates = ['open', 'handed_in', 'released'] as const;
export type TeamPartState = (typeof teamPartStates)[number];

/** A member's share of the record: open while they work, then handed in or released. */
export interface TeamPart {
	inspectionId: string;
	userId: string;
	state: TeamPartState;
	/** How it was handed in: through the server by the member's phone, or relayed from a QR transfer. */
	via: 'server' | 'qr' | null;
	/** The trưởng đoàn's reason for releasing a member whose part never came. */
	reason: string;
	at: string | null;
}

/** JSON with object keys sorted at every level, so equal values give equal text on every device. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** May `userId` write in `sectionId` of a record led by `leadUserId`? */
export function mayWriteSection(
	holdings: readonly Pick<SectionHolding, 'sectionId' | 'userId'>[],
	leadUserId: string,
	userId: string,
	sectionId: string
): boolean {
	if (userId === leadUserId) return true;
	return holdings.some((h) => h.sectionId === sectionId && h.userId === userId);
}

/**
 * The members whose part is neither handed in nor released. `memberUserIds`: the team's accounts
 * that took part (held a section or wrote in the record); the trưởng đoàn is never outstanding.
 */
export function partsOutstanding(
	memberUserIds: readonly string[],
	leadUserId: string,
	parts: readonly Pick<TeamPart, 'userId' | 'state'>[]
): string[] {
	const done = new Set(parts.filter((p) => p.state !== 'open').map((p) => p.userId));
	return memberUserIds.filter((id) => id !== leadUserId && !done.has(id));
}
