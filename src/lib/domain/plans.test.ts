import { describe, expect, it } from 'vitest';
import { orderedTeam, planRequestSchema, teamProblem } from './plans';
import { executeDrawSchema } from './protocol/plans';

const a = '0190f3a0-0000-7000-8000-0000000000a1';
const b = '0190f3a0-0000-7000-8000-0000000000b2';
const c = '0190f3a0-0000-7000-8000-0000000000c3';
const request = {
	id: '0190f3a0-0000-7000-8000-000000000001',
	unit: { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' },
	windowStart: '2026-12-01',
	windowEnd: '2026-12-31'
};

describe("a planned visit's team", () => {
	it('is one trưởng đoàn, members and at most one thư ký, no account twice', () => {
		expect(teamProblem([{ userId: a, role: 'truong_doan' }])).toBeNull();
		expect(teamProblem([])).toBe('team_required');
		expect(teamProblem([{ userId: a, role: 'thanh_vien' }])).toBe('one_team_leader_required');
		expect(
			teamProblem([
				{ userId: a, role: 'truong_doan' },
				{ userId: b, role: 'truong_doan' }
			])
		).toBe('one_team_leader_required');
		expect(
			teamProblem([
				{ userId: a, role: 'truong_doan' },
				{ userId: b, role: 'thu_ky' },
				{ userId: c, role: 'thu_ky' }
			])
		).toBe('one_secretary_at_most');
		expect(
			teamProblem([
				{ userId: a, role: 'truong_doan' },
				{ userId: a, role: 'thanh_vien' }
			])
		).toBe('inspector_assigned_twice');
	});

	it('is ordered leader, members, thư ký, each group as given', () => {
		const team = [
			{ userId: c, role: 'thu_ky' as const },
			{ userId: b, role: 'thanh_vien' as const },
			{ userId: a, role: 'truong_doan' as const },
			{ userId: c, role: 'thanh_vien' as const }
		];
		expect(orderedTeam(team).map((m) => [m.userId, m.role])).toEqual([
			[a, 'truong_doan'],
			[b, 'thanh_vien'],
			[c, 'thanh_vien'],
			[c, 'thu_ky']
		]);
	});

	it('comes as team, or in the older form as inspector ids (the first leads), never both', () => {
		const older = planRequestSchema.parse({ ...request, assignedInspectorIds: [b, a] });
		expect(older.team).toEqual([
			{ userId: b, role: 'truong_doan' },
			{ userId: a, role: 'thanh_vien' }
		]);
		expect(older.assignedInspectorIds).toEqual([b, a]);
		const team = [{ userId: a, role: 'truong_doan' as const }];
		const newer = planRequestSchema.parse({ ...request, team });
		expect([newer.team, newer.assignedInspectorIds]).toEqual([team, undefined]);
		expect(planRequestSchema.safeParse({ ...request, team, assignedInspectorIds: [a] }).success).toBe(false);
		expect(planRequestSchema.safeParse(request).success).toBe(false);
		expect(executeDrawSchema.parse({ assignedInspectorIds: [a] }).team).toEqual(team);
		expect(executeDrawSchema.safeParse({ team: [{ userId: a, role: 'thu_ky' }] }).error?.issues[0]?.message).toBe(
			'one_team_leader_required'
		);
	});
});
