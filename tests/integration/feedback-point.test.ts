/**
 * The feedback point at the counter (issue 19, must-show 3; docs/feedback-point.md) on both
 * databases, through hooks.server.ts and the real route handlers: who creates, rotates and
 * revokes a unit's point; the public answer's 4xx (400 with its field, 404, 410, 413, 429 with
 * Retry-After per client and per point); a resend stored once; the flood rule; and that nothing
 * about the person — address, user agent, cookie — is kept in any column of any table, in the
 * audit log or in the server's log lines.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_LIMIT, FLOOD_ANSWERS_PER_HOUR, TOKEN_LIMIT } from '$lib/domain/feedback-point';
import type { FeedbackPoint } from '$lib/domain/protocol/feedback-points';
import type { SignedInUser } from '$lib/server/auth';
import { answerLimiter } from '$lib/server/feedback-points';
import { handle } from '../../src/hooks.server';
import { POST as postAnswer } from '../../src/routes/api/feedback/[token]/+server';
import { GET as listPoints, POST as createPoint } from '../../src/routes/api/feedback-points/+server';
import { GET as listFloods } from '../../src/routes/api/feedback-points/floods/+server';
import { POST as revokePoint } from '../../src/routes/api/feedback-points/[id]/revoke/+server';
import { POST as rotatePoint } from '../../src/routes/api/feedback-points/[id]/rotate/+server';
import { cookiesFor } from './support/auth-browser';
import { createCaller } from './support/callers';
import { callRoute, type Handler } from './support/route-calls';
import { useServerDatabase, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const HA_NOI = 1;
const HOAN_KIEM = 70;
const BA_DINH = 4;
const HCM_UNIT = 25747;

/** What a phone sends besides its answer: the test looks for these everywhere afterwards. */
const ADDRESS = '203.0.113.77';
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel) phone-ua-marker-7f3a';

/** A valid answer to the default questionnaire (phong-van-nguoi-dan 2026.1). */
const answer = (extra: Record<string, unknown> = {}) => ({
	submissionId: randomUUID(),
	questionnaireId: 'phong-van-nguoi-dan',
	questionnaireVersion: '2026.1',
	answers: { Q1: 4, Q3: 5, Q4: 'no' },
	facts: {},
	...extra
});

describe.each(testDatabases)('the feedback point on $name', (kind) => {
	const ctx = useSyncContext(kind);
	useServerDatabase(ctx, kind, { shareFile: true });
	afterEach(() => answerLimiter.reset(ctx.db));

	const people = async () => ({
		admin: (await createCaller(ctx.db, 'admin', { provinceCode: HA_NOI })).user,
		hcmAdmin: (await createCaller(ctx.db, 'admin', { provinceCode: 79 })).user,
		national: (await createCaller(ctx.db, 'admin', { provinceCode: null })).user,
		supervisor: (await createCaller(ctx.db, 'supervisor', { provinceCode: HA_NOI })).user,
		inspector: (await createCaller(ctx.db, 'inspector', { provinceCode: HA_NOI })).user,
		ward: (await createCaller(ctx.db, 'ward', { provinceCode: HA_NOI, unitCode: HOAN_KIEM })).user,
		otherWard: (await createCaller(ctx.db, 'ward', { provinceCode: HA_NOI, unitCode: BA_DINH })).user
	});

	const create = (as: SignedInUser, unitCode: number) => callRoute(createPoint, { as, path: '/api/feedback-points', json: { unitCode } });
	const list = (as: SignedInUser, query = '') => callRoute(listPoints, { as, path: `/api/feedback-points${query}` });
	const act = (handler: Handler, as: SignedInUser, id: string, what: 'rotate' | 'revoke') =>
		callRoute(handler, { as, method: 'POST', path: `/api/feedback-points/${id}/${what}`, params: { id } });
	/** A unit's fresh point: any earlier active one is revoked first, so each test starts clean. */
	async function freshPoint(unitCode: number): Promise<FeedbackPoint> {
		const { national } = await people();
		for (const p of (await list(national, `?unit=${unitCode}`)).body.points as FeedbackPoint[])
			if (p.status === 'active') await act(revokePoint, national, p.id, 'revoke');
		const made = await create(national, unitCode);
		expect(made.status).toBe(201);
		return made.body.point as FeedbackPoint;
	}

	/** A citizen's POST through hooks.server.ts, from `address`, as a phone would send it. */
	async function send(token: string, body: unknown, { address = ADDRESS, raw }: { address?: string; raw?: string } = {}) {
		const text = raw ?? JSON.stringify(body);
		const request = new Request(`http://localhost/api/feedback/${token}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, 'content-length': String(Buffer.byteLength(text)) },
			body: text
		});
		const { cookies, writes } = cookiesFor(request);
		const event = {
			request,
			url: new URL(request.url),
			params: { token },
			route: { id: '/api/feedback/[token]' },
			locals: {},
			cookies,
			getClientAddress: () => address,
			setHeaders: () => {}
		};
		const response = await handle({ event: event as never, resolve: (e) => postAnswer(e as never) });
		const json = (await response.json()) as { status?: string; error?: { code: string; field?: string; message: string } };
		return { status: response.status, body: json, headers: response.headers, cookieWrites: writes };
	}

	it('lets the ward and the province’s admins keep a unit’s point, and supervisors read it', async () => {
		const { admin, hcmAdmin, national, supervisor, inspector, ward, otherWard } = await people();
		await freshPoint(HOAN_KIEM);
		const first = (await list(ward)).body.points as FeedbackPoint[];
		const active = first.find((p) => p.status === 'active')!;
		expect(active).toMatchObject({ unitCode: HOAN_KIEM, unitName: 'Phường Hoàn Kiếm', provinceCode: HA_NOI });
		// 256 random bits in base64url; no two alike.
		expect(active.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

		// A second active point for the same unit is refused until the first is rotated or revoked.
		expect(await create(ward, HOAN_KIEM)).toMatchObject({ status: 409, body: { error: { code: 'feedback_point_exists' } } });
		// Another unit's ward, another province's admin, an inspector or a supervisor may not make one.
		expect((await create(otherWard, HOAN_KIEM)).status).toBe(403);
		expect((await create(hcmAdmin, HOAN_KIEM)).status).toBe(403);
		expect((await create(inspector, HOAN_KIEM)).status).toBe(403);
		expect((await create(supervisor, HOAN_KIEM)).status).toBe(403);
		expect(await create(ward, 999_999)).toMatchObject({ status: 404, body: { error: { code: 'unit_not_found' } } });

		// The province sees it; the other ward and the other province do not.
		for (const reader of [admin, national, supervisor])
			expect((await list(reader)).body.points.map((p: FeedbackPoint) => p.id)).toContain(active.id);
		expect((await list(otherWard)).body.points.map((p: FeedbackPoint) => p.id)).not.toContain(active.id);
		expect((await list(hcmAdmin)).body.points.map((p: FeedbackPoint) => p.id)).not.toContain(active.id);
		// Supervisors read but do not rotate; another province's admin and another unit's ward neither.
		expect((await act(rotatePoint, supervisor, active.id, 'rotate')).status).toBe(403);
		expect(await act(rotatePoint, hcmAdmin, active.id, 'rotate')).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
		expect((await act(revokePoint, otherWard, active.id, 'revoke')).status).toBe(403);
		expect(await act(revokePoint, admin, randomUUID(), 'revoke')).toMatchObject({
			status: 404,
			body: { error: { code: 'feedback_point_not_found' } }
		});
		// A list of another province is refused, not answered empty.
		expect((await list(admin, '?province=79')).status).toBe(403);

		const audit = await ctx.db
			.selectFrom('audit_log')
			.select(['action', 'detail'])
			.where('action', '=', 'feedback_point_created')
			.execute();
		expect(audit.some((a) => (JSON.parse(a.detail) as { pointId?: string }).pointId === active.id)).toBe(true);
		// The audit names the point, never its token.
		expect(audit.every((a) => !a.detail.includes(active.token))).toBe(true);
	});

	it('rotating revokes the old token (410) and the new one works; revoking stops the point', async () => {
		const { ward, admin } = await people();
		const old = await freshPoint(HOAN_KIEM);
		expect((await send(old.token, answer())).status).toBe(201);

		const rotated = await act(rotatePoint, ward, old.id, 'rotate');
		expect(rotated.status).toBe(201);
		const { point, replaced } = rotated.body as { point: FeedbackPoint; replaced: FeedbackPoint };
		expect(replaced).toMatchObject({ id: old.id, status: 'revoked', replacedBy: point.id });
		expect(point).toMatchObject({ status: 'active', unitCode: HOAN_KIEM, replacedBy: null });
		expect(point.token).not.toBe(old.token);

		const stale = await send(old.token, answer());
		expect(stale).toMatchObject({ status: 410, body: { error: { code: 'feedback_point_revoked' } } });
		expect(stale.body.error?.message).toMatch(/out of date/);
		expect((await send(point.token, answer())).status).toBe(201);
		// A revoked point is not rotated back to life.
		expect(await act(rotatePoint, ward, old.id, 'rotate')).toMatchObject({
			status: 409,
			body: { error: { code: 'feedback_point_revoked' } }
		});

		const revoked = await act(revokePoint, admin, point.id, 'revoke');
		expect(revoked).toMatchObject({ status: 200, body: { point: { id: point.id, status: 'revoked' } } });
		expect((await send(point.token, answer())).status).toBe(410);
		// A token that never existed, or is not even shaped like one.
		expect(await send('A'.repeat(43), answer())).toMatchObject({ status: 404, body: { error: { code: 'feedback_point_not_found' } } });
		expect((await send('nope', answer())).status).toBe(404);
		// Nothing is left active, so the unit can have a new point.
		expect((await create(ward, HOAN_KIEM)).status).toBe(201);
	});

	it('answers a malformed, unfitting or oversized answer with a 4xx naming the field', async () => {
		const point = await freshPoint(HOAN_KIEM);
		const cases: [unknown, number, string, string | undefined][] = [
			[answer({ answers: { Q1: 7 } }), 400, 'invalid_request', 'answers.Q1'],
			[answer({ answers: { Q1: 'rất tốt' } }), 400, 'invalid_request', 'answers.Q1'],
			[answer({ answers: { Q4: 3 } }), 400, 'invalid_request', 'answers.Q4'],
			[answer({ answers: { Q99: 3 } }), 400, 'invalid_request', 'answers.Q99'],
			[answer({ answers: {} }), 400, 'invalid_request', 'answers'],
			[answer({ facts: { ageBand: 'không-có' } }), 400, 'invalid_request', 'facts.ageBand'],
			[answer({ submissionId: 'not-a-uuid' }), 400, 'invalid_request', 'submissionId'],
			// A version 7 id would carry the phone's clock: refused.
			[answer({ submissionId: '019ae2f6-7c1a-7a2b-9c3d-4e5f60718293' }), 400, 'invalid_request', 'submissionId'],
			[answer({ questionnaireVersion: '1999.1' }), 400, 'invalid_request', 'questionnaireVersion'],
			[answer({ answers: { Q1: 4, Q11: 'x'.repeat(1001) } }), 400, 'invalid_request', 'answers.Q11']
		];
		// Refused answers count against the client too (a malformed flood is still a flood): each case from its own address.
		let n = 0;
		const from = () => ({ address: `192.0.2.${++n}` });
		for (const [body, status, code, field] of cases) {
			const got = await send(point.token, body, from());
			expect(got.status, JSON.stringify(body).slice(0, 120)).toBe(status);
			expect(got.body.error).toMatchObject({ code, ...(field ? { field } : {}) });
			expect(got.body.error?.message).toBeTruthy();
		}
		expect(await send(point.token, null, { ...from(), raw: '{"answers": {' })).toMatchObject({
			status: 400,
			body: { error: { code: 'invalid_json' } }
		});
		const huge = JSON.stringify(answer({ answers: { Q1: 4, Q11: 'x'.repeat(40_000) } }));
		expect(await send(point.token, null, { ...from(), raw: huge })).toMatchObject({
			status: 413,
			body: { error: { code: 'body_too_large' } }
		});
		const stored = await ctx.db.selectFrom('feedback_responses').select('id').where('point_id', '=', point.id).execute();
		expect(stored).toEqual([]);
	});

	it('stores an answer once however often the phone resends it, with its comment as one feedback item', async () => {
		const point = await freshPoint(HOAN_KIEM);
		const body = answer({ answers: { Q1: 2, Q4: 'yes', Q11: '  Chờ lâu quá, gọi anh Nguyễn Văn An 0912 345 678  ' } });
		const first = await send(point.token, body);
		expect(first).toMatchObject({ status: 201, body: { status: 'stored' } });
		for (let i = 0; i < 3; i++) expect(await send(point.token, body)).toMatchObject({ status: 200, body: { status: 'already_stored' } });

		const rows = await ctx.db.selectFrom('feedback_responses').selectAll().where('submission_id', '=', body.submissionId).execute();
		expect(rows).toHaveLength(1);
		const row = rows[0]!;
		expect(row).toMatchObject({
			point_id: point.id,
			questionnaire_id: 'phong-van-nguoi-dan',
			questionnaire_version: '2026.1',
			flood: null
		});
		expect(Number(row.unit_code)).toBe(HOAN_KIEM);
		expect(JSON.parse(row.answers)).toEqual(body.answers);
		// Only the hour: minutes, seconds and milliseconds are zero.
		expect(row.received_hour).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
		const items = await ctx.db.selectFrom('feedback_items').selectAll().where('response_id', '=', row.id).execute();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			source: 'point',
			text: 'Chờ lâu quá, gọi anh Nguyễn Văn An 0912 345 678',
			status: 'open',
			interview_id: null
		});
		expect(Number(items[0]!.flood)).toBe(0);
		expect(Number(items[0]!.province_code)).toBe(HA_NOI);
	});

	it('limits answers per client (429 with Retry-After) without holding back another client', async () => {
		const point = await freshPoint(HOAN_KIEM);
		for (let i = 0; i < CLIENT_LIMIT.max; i++) expect((await send(point.token, answer())).status).toBe(201);
		const refused = await send(point.token, answer());
		expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
		const wait = Number(refused.headers.get('retry-after'));
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(CLIENT_LIMIT.windowMs / 1000);
		// Another phone at the same counter still gets through.
		expect((await send(point.token, answer(), { address: '198.51.100.9' })).status).toBe(201);
	});

	it('limits answers per point whatever the client, and marks the hour past the flood rule as a flood', async () => {
		const { supervisor, hcmAdmin } = await people();
		const point = await freshPoint(BA_DINH);
		const statuses: number[] = [];
		// Each answer from its own address: only the point's own limit can stop them.
		for (let i = 0; i < TOKEN_LIMIT.max; i++) {
			const body = i % 10 === 0 ? answer({ answers: { Q1: 1, Q11: `Phản ánh số ${i}` } }) : answer();
			statuses.push((await send(point.token, body, { address: `10.1.${Math.floor(i / 200)}.${i % 200}` })).status);
		}
		expect(statuses.every((s) => s === 201)).toBe(true);
		const refused = await send(point.token, answer(), { address: '10.9.9.9' });
		expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

		// More than FLOOD_ANSWERS_PER_HOUR in the hour: every answer of the hour is marked, the first ones too.
		const rows = await ctx.db
			.selectFrom('feedback_responses')
			.select(['flood', 'received_hour'])
			.where('point_id', '=', point.id)
			.execute();
		expect(rows.length).toBeGreaterThan(FLOOD_ANSWERS_PER_HOUR);
		const floods = new Set(rows.map((r) => r.flood));
		// The run may cross an hour boundary: then one burst per hour, each marked whole or not at all.
		for (const hour of new Set(rows.map((r) => r.received_hour))) {
			const ofHour = rows.filter((r) => r.received_hour === hour);
			const marks = new Set(ofHour.map((r) => r.flood));
			expect(marks.size, hour).toBe(1);
			if (ofHour.length > FLOOD_ANSWERS_PER_HOUR) expect([...marks][0]).toBe(`${point.id}@${hour}`);
		}
		expect(floods.has(null) && floods.size === 1).toBe(false);
		const items = await ctx.db
			.selectFrom('feedback_items as i')
			.innerJoin('feedback_responses as r', 'r.id', 'i.response_id')
			.select(['i.flood as itemFlood', 'r.flood as responseFlood'])
			.where('r.point_id', '=', point.id)
			.execute();
		expect(items.length).toBe(TOKEN_LIMIT.max / 10);
		for (const item of items) expect(Number(item.itemFlood)).toBe(item.responseFlood === null ? 0 : 1);

		// The supervisors see it listed as a burst: unit, hour, count; another province does not.
		const seen = await callRoute(listFloods, { as: supervisor, path: '/api/feedback-points/floods' });
		expect(seen.status).toBe(200);
		const mine = (seen.body.floods as { pointId: string; unitName: string; count: number }[]).filter((f) => f.pointId === point.id);
		expect(mine.length).toBeGreaterThan(0);
		expect(mine[0]).toMatchObject({ unitCode: BA_DINH, unitName: 'Phường Ba Đình' });
		expect(mine.reduce((n, f) => n + f.count, 0)).toBe(rows.filter((r) => r.flood !== null).length);
		const other = await callRoute(listFloods, { as: hcmAdmin, path: '/api/feedback-points/floods' });
		expect((other.body.floods as { pointId: string }[]).some((f) => f.pointId === point.id)).toBe(false);
	});

	it('counts answers sent at the same moment one after another: a simultaneous burst is marked whole', async () => {
		const point = await freshPoint(HOAN_KIEM);
		const burst = FLOOD_ANSWERS_PER_HOUR + 10;
		const answers = await Promise.all(
			Array.from({ length: burst }, (_, i) => send(point.token, answer(), { address: `10.7.${Math.floor(i / 200)}.${i % 200}` }))
		);
		expect(answers.map((a) => a.status)).toEqual(Array(burst).fill(201));
		const rows = await ctx.db
			.selectFrom('feedback_responses')
			.select(['flood', 'received_hour'])
			.where('point_id', '=', point.id)
			.execute();
		expect(rows).toHaveLength(burst);
		// Unless the burst straddled the turn of an hour, every one of them carries the burst's id.
		const hours = new Set(rows.map((r) => r.received_hour));
		if (hours.size === 1) expect(new Set(rows.map((r) => r.flood))).toEqual(new Set([`${point.id}@${[...hours][0]}`]));
	});

	it('keeps nothing about the person: no address, user agent or cookie in any table, the audit or the log', async () => {
		const point = await freshPoint(HCM_UNIT);
		const logged: string[] = [];
		const capture = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
		const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation(capture));
		try {
			const good = await send(point.token, answer({ answers: { Q1: 3, Q11: 'Cán bộ nhiệt tình' } }));
			expect(good.status).toBe(201);
			expect(good.cookieWrites).toEqual([]);
			expect(good.headers.get('set-cookie')).toBeNull();
			// Refusals leave nothing either.
			expect((await send(point.token, answer({ answers: { Q1: 9 } }))).status).toBe(400);
			expect((await send('B'.repeat(43), answer())).status).toBe(404);
		} finally {
			for (const spy of spies) spy.mockRestore();
		}

		const dump: string[] = [];
		for (const table of await ctx.db.introspection.getTables()) {
			const rows = await ctx.db
				.selectFrom(table.name as never)
				.selectAll()
				.execute();
			for (const row of rows) dump.push(`${table.name}: ${JSON.stringify(row)}`);
		}
		expect(
			dump.some((line) => line.includes('Cán bộ nhiệt tình')),
			'the answer itself is stored'
		).toBe(true);
		for (const secret of [ADDRESS, USER_AGENT, 'phone-ua-marker']) {
			expect(
				dump.filter((line) => line.includes(secret)),
				secret
			).toEqual([]);
			expect(
				logged.filter((line) => line.includes(secret)),
				`log: ${secret}`
			).toEqual([]);
		}
		// The response row has exactly the columns of a personless answer.
		const row = await ctx.db.selectFrom('feedback_responses').selectAll().where('point_id', '=', point.id).executeTakeFirstOrThrow();
		expect(Object.keys(row).sort()).toEqual(
			[
				'answers',
				'facts',
				'flood',
				'id',
				'point_id',
				'province_code',
				'questionnaire_id',
				'questionnaire_version',
				'received_hour',
				'submission_id',
				'unit_code'
			].sort()
		);
		// Its id is random (v4), not a time-ordered v7 that would keep the minute.
		expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
	});
});
