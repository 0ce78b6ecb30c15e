import { describe, expect, it } from 'vitest';
import type { TeamMember } from './inspection';
import { leaderIndex, memberIndexOf, namesTeamMember, recordSignatures, teamSigners } from './team-signatures';

const member = (name: string, role: TeamMember['role']): TeamMember => ({ name, role, position: '', organisation: '' });
// Stored in the order the device typed them: the leader is not first.
const team = [member('Phạm Thị Dung', 'thu_ky'), member('Nguyễn Văn An', 'truong_doan'), member('Hoàng Văn Em', 'thanh_vien')];

describe('each team member signs their own block', () => {
	it('the leader signs as inspector; the others by their index, printed leader, members, thư ký', () => {
		expect(teamSigners(team).map((s) => [s.role, s.member.name])).toEqual([
			['inspector', 'Nguyễn Văn An'],
			['member:2', 'Hoàng Văn Em'],
			['member:0', 'Phạm Thị Dung']
		]);
		// A team that names no leader: the first member leads (as the record always printed it).
		expect(leaderIndex([member('A', 'thanh_vien'), member('B', 'thanh_vien')])).toBe(0);
		expect(teamSigners([member('A', 'thanh_vien'), member('B', 'thu_ky')]).map((s) => s.role)).toEqual(['inspector', 'member:1']);
	});

	it('reads the index of a member signer, and nothing else', () => {
		expect(['member:0', 'member:19', 'member:20', 'member:01', 'inspector', 'unit_rep'].map(memberIndexOf)).toEqual([
			0,
			19,
			null,
			null,
			null,
			null
		]);
	});

	it("a member's signature counts only while it names the member at its place", () => {
		const sig = (role: string, signerName: string) => ({ role, signerName });
		expect(namesTeamMember(team, sig('member:2', 'Hoàng Văn Em'))).toBe(true);
		// Unicode composition and surrounding spaces do not make another person.
		expect(namesTeamMember(team, sig('member:2', ' Hoàng Văn Em'.normalize('NFD')))).toBe(true);
		expect(namesTeamMember(team, sig('member:2', 'Phạm Thị Dung'))).toBe(false);
		expect(namesTeamMember(team, sig('member:1', 'Nguyễn Văn An'))).toBe(false); // the leader's index
		expect(namesTeamMember(team, sig('member:7', 'Hoàng Văn Em'))).toBe(false);
		expect(namesTeamMember(team, sig('inspector', 'anyone'))).toBe(true);
		const all = [
			sig('inspector', 'Nguyễn Văn An'),
			sig('unit_rep', 'Trần Thị Bình'),
			sig('member:0', 'Phạm Thị Dung'),
			sig('member:2', 'X')
		];
		expect(recordSignatures(team, all).map((s) => s.role)).toEqual(['inspector', 'unit_rep', 'member:0']);
	});
});
