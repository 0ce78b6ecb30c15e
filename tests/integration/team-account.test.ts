/**
 * `GET /api/team-account?username=…` (issue 17): the trưởng đoàn of an unplanned visit finds the
 * colleague to add to the team by the exact username they gave — an active inspector or
 * supervisor of their own province, nobody else, and never a list.
 */
import { describe, expect, it } from 'vitest';
import { users, type SignedInUser } from '$lib/server/auth';
import { GET as getTeamAccount } from '../../src/routes/api/team-account/+server';
import { requestEvent } from './support/auth-browser';
import { createCaller } from './support/callers';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;

async function find(as: SignedInUser, query: string) {
	const { event } = requestEvent(new Request(`http://localhost/api/team-account${query}`));
	const response = await getTeamAccount({ ...event, params: {}, locals: { actor: as } } as never);
	return {
		status: response.status,
		body: (await response.json()) as { account?: { id: string; name: string; role: string }; error?: { code: string } }
	};
}

describe.each(testDatabases)('finding a colleague for the team on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });

	it('answers an active inspector or supervisor of the own province by username, in any case', async () => {
		const lead = (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI })).user;
		const colleague = (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI }, 'đồng nghiệp')).user;
		const supervisor = (await createCaller(ctx.db, 'supervisor', { provinceCode: HA_NOI })).user;
		const found = await find(lead, `?username=${encodeURIComponent(colleague.username.toUpperCase())}`);
		expect(found).toEqual({ status: 200, body: { account: { id: colleague.userId, name: colleague.displayName, role: 'inspector' } } });
		expect((await find(lead, `?username=${supervisor.username}`)).body.account?.id).toBe(supervisor.userId);
		expect((await find(supervisor, `?username=${colleague.username}`)).status).toBe(200);
	});

	it("is 404 user_not_found for another province's, a disabled, a ward's or an unknown account", async () => {
		const lead = (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI })).user;
		const elsewhere = (await createCaller(ctx.db, 'inspector', { provinceCode: 79 })).user;
		const ward = (await createCaller(ctx.db, 'ward', { provinceCode: HA_NOI, unitCode: 70 })).user;
		const disabled = (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI })).user;
		await users.setDisabled(ctx.db, disabled.username, true, null);
		for (const username of [elsewhere.username, ward.username, disabled.username, 'khong-co-ai']) {
			const answer = await find(lead, `?username=${username}`);
			expect(answer.status).toBe(404);
			expect(answer.body.error?.code).toBe('user_not_found');
		}
	});

	it('needs a username, and refuses wards and admins (who are on no team)', async () => {
		const lead = (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI })).user;
		const ward = (await createCaller(ctx.db, 'ward', { provinceCode: HA_NOI, unitCode: 70 })).user;
		const admin = (await createCaller(ctx.db, 'admin', { provinceCode: HA_NOI })).user;
		expect((await find(lead, '')).status).toBe(400);
		expect((await find(ward, `?username=${lead.username}`)).status).toBe(403);
		expect((await find(admin, `?username=${lead.username}`)).status).toBe(403);
	});
});
