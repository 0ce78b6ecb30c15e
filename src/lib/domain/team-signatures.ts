/**
 * Each team member signs their own block (issue 16). The trưởng đoàn signs as 'inspector' (as
 * every record did before, so older signatures keep their meaning); every other member — the
 * members and the thư ký — as 'member:<n>', n being their index in the record's team.
 *
 * A member's signature counts only while it names the member at its place: same index, same
 * name, not the leader. Removing, renaming or reordering members leaves an earlier signature
 * naming nobody; it is then no part of the record — not printed, not fingerprinted, not asked
 * for at submission — and the member's block is signed again. Pure and shared: the device, the
 * server and the printed record apply the same rule.
 */
import type { SignerRole, TeamMember, TeamRole } from './inspection';

export interface TeamSigner {
	role: SignerRole;
	member: TeamMember;
}

const roleOrder: Record<TeamRole, number> = { truong_doan: 0, thanh_vien: 1, thu_ky: 2 };

/** The leader's index: the trưởng đoàn, or the first member of a team that names none. */
export function leaderIndex(team: readonly Pick<TeamMember, 'role'>[]): number {
	const n = team.findIndex((m) => m.role === 'truong_doan');
	return n < 0 ? 0 : n;
}

export const memberSigner = (n: number): SignerRole => `member:${n}`;

/** The team index a 'member:<n>' signer names; null for 'inspector' and 'unit_rep'. */
export function memberIndexOf(role: string): number | null {
	const match = /^member:(1?[0-9])$/.exec(role);
	return match ? Number(match[1]) : null;
}

/**
 * The team's signature blocks in the record's order, as Nghị định 30 lists the team: the
 * leader, then the members, then the thư ký (each group in the team's order).
 */
export function teamSigners(team: readonly TeamMember[]): TeamSigner[] {
	const lead = leaderIndex(team);
	return team
		.map((member, n) => ({ member, n }))
		.sort((a, b) => Number(b.n === lead) - Number(a.n === lead) || roleOrder[a.member.role] - roleOrder[b.member.role] || a.n - b.n)
		.map(({ member, n }) => ({ role: n === lead ? 'inspector' : memberSigner(n), member }));
}

const sameName = (a: string, b: string) => a.normalize('NFC').trim() === b.normalize('NFC').trim();

/**
 * Whether a member's signature names a member of this team: its index exists, is not the
 * leader's, and holds the name signed. Always true for 'inspector' and 'unit_rep'.
 */
export function namesTeamMember(
	team: readonly Pick<TeamMember, 'name' | 'role'>[],
	signature: { role: string; signerName: string }
): boolean {
	const n = memberIndexOf(signature.role);
	if (n === null) return true;
	const member = team[n];
	return member !== undefined && n !== leaderIndex(team) && sameName(member.name, signature.signerName);
}

/** The signatures that are part of the record: those of the leader and the unit, and each member's that names its member. */
export function recordSignatures<S extends { role: string; signerName: string }>(
	team: readonly Pick<TeamMember, 'name' | 'role'>[],
	signatures: readonly S[]
): S[] {
	return signatures.filter((s) => namesTeamMember(team, s));
}
