/**
 * Deadline extensions, notifications and the province webhook (issue 18, must-show 6) on both
 * databases: the commune asks, a reviewer grants or refuses (recorded with who/when/why, audited,
 * exactly once, refused for everyone else); notifications are produced and scoped; the webhook
 * is delivered to a local HTTP server, signed, and retried after a failure.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { webhookPayloadSchema } from '$lib/domain/protocol/notifications';
import {
	deliverDueWebhooks,
	kickWebhooks,
	listNotifications,
	markNotificationsRead,
	SIGNATURE_HEADER,
	webhooksIdle
} from '$lib/server/notifications';
import type { Actor } from '$lib/server/sync';
import { deadlineIn, failedAnswerArgs, findingArgs, inspectionArgs, submitArgs } from './support/factories';
import { useSyncContext, type TestClient } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const unit70 = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: 1, provinceName: 'Thành phố Hà Nội' };
const SECRET = 'bi-mat-webhook-cua-ha-noi';

interface Received {
	body: string;
	signature: string | undefined;
	delivery: string | undefined;
}

/** A local webhook receiver; `failNext` answers 500 to that many requests first. */
function receiver() {
	const received: Received[] = [];
	const state = { failNext: 0 };
	const server: Server = createServer((req: IncomingMessage, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (state.failNext > 0) {
				state.failNext--;
				res.writeHead(500).end();
				return;
			}
			received.push({
				body: Buffer.concat(chunks).toString('utf8'),
				signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
				delivery: req.headers['x-delivery-id'] as string | undefined
			});
			res.writeHead(204).end();
		});
	});
	return { server, received, state };
}

describe.each(testDatabases)('extensions and notifications on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const hook = receiver();
	const saved = process.env.PROVINCE_WEBHOOKS;
	beforeAll(async () => {
		await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
		const { port } = hook.server.address() as AddressInfo;
		process.env.PROVINCE_WEBHOOKS = JSON.stringify({ '1': { url: `http://127.0.0.1:${port}/hook`, secret: SECRET } });
	});
	afterAll(async () => {
		if (saved === undefined) delete process.env.PROVINCE_WEBHOOKS;
		else process.env.PROVINCE_WEBHOOKS = saved;
		await new Promise((resolve) => hook.server.close(resolve));
	});

	async function one(client: TestClient, mutation: ReturnType<TestClient['mutation']>) {
		return (await ctx.push(client, [mutation])).results[0]!;
	}

	/** An approved record in commune 70 whose one finding is due in two days. */
	async function published(supervisor: TestClient) {
		const inspector = ctx.newClient(ctx.newActor('inspector'));
		const inspection = inspectionArgs({ unit: unit70 });
		const finding = { ...findingArgs(inspection.id), deadline: deadlineIn(2) };
		const pushed = await ctx.push(inspector, [
			inspector.mutation('createInspection', inspection),
			inspector.mutation('answerItem', failedAnswerArgs(inspection.id)),
			inspector.mutation('submitInspection', submitArgs(inspection.id, [finding]))
		]);
		expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		expect(await one(supervisor, supervisor.mutation('approveInspection', { inspectionId: inspection.id, comment: '' }))).toMatchObject({
			status: 'applied'
		});
		return { inspection, finding };
	}

	const deadlineOf = async (id: string) =>
		(await ctx.db.selectFrom('findings').select('deadline').where('id', '=', id).executeTakeFirstOrThrow()).deadline;

	it('a ward asks, a supervisor grants then refuses; everyone else is refused; each step once', async () => {
		const supervisor = ctx.newClient(ctx.newActor('supervisor'));
		const ward = ctx.newClient(ctx.newActor('ward', { unitCode: 70 }));
		const { finding } = await published(supervisor);
		const ask = (deadline = deadlineIn(20)) => ({
			findingId: finding.id,
			eventId: uuidv7(),
			deadline,
			reason: 'Chờ kinh phí in bảng niêm yết'
		});

		// Nobody but the commune asks; another commune's ward is refused; an earlier date is not an extension.
		const inspector = ctx.newClient(ctx.newActor('inspector'));
		expect(await one(inspector, inspector.mutation('requestExtension', ask()))).toMatchObject({ status: 'rejected', code: 'forbidden' });
		const otherWard = ctx.newClient(ctx.newActor('ward', { unitCode: 4 }));
		expect(await one(otherWard, otherWard.mutation('requestExtension', ask()))).toMatchObject({ status: 'rejected', code: 'forbidden' });
		expect(await one(ward, ward.mutation('requestExtension', ask(finding.deadline)))).toMatchObject({
			status: 'rejected',
			code: 'deadline_not_extended'
		});

		const first = ward.mutation('requestExtension', ask());
		expect(await one(ward, first)).toMatchObject({ status: 'applied' });
		// Replayed: the stored answer, no second event.
		expect(await one(ward, first)).toMatchObject({ status: 'applied' });
		// One request at a time.
		expect(await one(ward, ward.mutation('requestExtension', ask()))).toMatchObject({ status: 'conflict', code: 'not_editable' });

		const requestId = (first.args as { eventId: string }).eventId;
		const grant = (deadline: string) => ({ findingId: finding.id, eventId: uuidv7(), requestId, deadline, comment: 'Đồng ý gia hạn' });
		expect(await one(ward, ward.mutation('grantExtension', grant(deadlineIn(20))))).toMatchObject({
			status: 'rejected',
			code: 'forbidden'
		});
		const elsewhere = ctx.newClient(ctx.newActor('supervisor', { provinceCode: 79 }));
		expect(await one(elsewhere, elsewhere.mutation('grantExtension', grant(deadlineIn(20))))).toMatchObject({
			status: 'rejected',
			code: 'forbidden'
		});
		expect(await one(supervisor, supervisor.mutation('grantExtension', grant(finding.deadline)))).toMatchObject({
			code: 'deadline_not_extended'
		});
		const granted = supervisor.mutation('grantExtension', grant(deadlineIn(15)));
		expect(await one(supervisor, granted)).toMatchObject({ status: 'applied' });
		expect(await deadlineOf(finding.id)).toBe(deadlineIn(15));
		// Answered already: a second decision on the same request is a conflict.
		expect(
			await one(
				supervisor,
				supervisor.mutation('refuseExtension', { findingId: finding.id, eventId: uuidv7(), requestId, reason: 'Không' })
			)
		).toMatchObject({ status: 'conflict', code: 'not_editable' });

		// A second request, refused: the deadline stays.
		const second = ward.mutation('requestExtension', ask(deadlineIn(40)));
		expect(await one(ward, second)).toMatchObject({ status: 'applied' });
		const refusal = {
			findingId: finding.id,
			eventId: uuidv7(),
			requestId: (second.args as { eventId: string }).eventId,
			reason: 'Đã gia hạn một lần'
		};
		expect(await one(supervisor, supervisor.mutation('refuseExtension', refusal))).toMatchObject({ status: 'applied' });
		expect(await deadlineOf(finding.id)).toBe(deadlineIn(15));

		// The ward's device receives the history and the new deadline.
		const pulled = await ctx.pullAll(ward.actor);
		const events = pulled.changes.filter((c) => c.entity === 'findingEvent').map((c) => c.data);
		expect(events.map((e) => e.kind)).toEqual(['extensionRequested', 'extensionGranted', 'extensionRequested', 'extensionRefused']);
		expect(events[1]).toMatchObject({
			actorUserId: supervisor.actor.userId,
			requestId,
			deadline: deadlineIn(15),
			comment: 'Đồng ý gia hạn'
		});
		expect(events[3]).toMatchObject({ reason: 'Đã gia hạn một lần', requestId: refusal.requestId });
		expect(pulled.changes.filter((c) => c.entity === 'finding').at(-1)?.data).toMatchObject({ deadline: deadlineIn(15), status: 'open' });

		const audited = await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'mutation:%Extension').execute();
		expect(audited.map((a) => a.action).sort()).toEqual([
			'mutation:grantExtension',
			'mutation:refuseExtension',
			'mutation:requestExtension',
			'mutation:requestExtension'
		]);
	});

	it('notifies the commune and the province, scoped, read/unread; the webhook is delivered, signed and retried', async () => {
		const supervisor = ctx.newClient(ctx.newActor('supervisor'));
		const wardActor: Actor = ctx.newActor('ward', { unitCode: 70 });
		const ward = ctx.newClient(wardActor);
		const { inspection, finding } = await published(supervisor);
		// Due in two days: the commune is told when it next looks (before the extension moves the date).
		expect((await listNotifications(ctx.db, wardActor)).notifications.map((n) => n.kind)).toContain('deadlineApproaching');
		const ask = ward.mutation('requestExtension', {
			findingId: finding.id,
			eventId: uuidv7(),
			deadline: deadlineIn(10),
			reason: 'Cần thêm thời gian'
		});
		expect(await one(ward, ask)).toMatchObject({ status: 'applied' });
		const grant = {
			findingId: finding.id,
			eventId: uuidv7(),
			requestId: (ask.args as { eventId: string }).eventId,
			deadline: deadlineIn(10),
			comment: ''
		};
		expect(await one(supervisor, supervisor.mutation('grantExtension', grant))).toMatchObject({ status: 'applied' });

		const mine = (list: Awaited<ReturnType<typeof listNotifications>>) =>
			list.notifications.filter((n) => n.inspectionId === inspection.id).map((n) => n.kind);
		const forWard = await listNotifications(ctx.db, wardActor);
		expect(mine(forWard).sort()).toEqual(['deadlineApproaching', 'extensionGranted', 'recordPublished']);
		expect(forWard.notifications.find((n) => n.kind === 'extensionGranted')).toMatchObject({
			findingId: finding.id,
			read: false,
			data: { deadline: deadlineIn(10) }
		});
		// Listing again adds no second "deadline approaching" for the same date.
		expect(mine(await listNotifications(ctx.db, wardActor)).length).toBe(3);
		expect(mine(await listNotifications(ctx.db, supervisor.actor))).toEqual(['extensionRequested']);
		expect(mine(await listNotifications(ctx.db, ctx.newActor('ward', { unitCode: 4 })))).toEqual([]);
		expect(mine(await listNotifications(ctx.db, ctx.newActor('supervisor', { provinceCode: 79 })))).toEqual([]);
		expect((await listNotifications(ctx.db, ctx.newActor('inspector'))).notifications).toEqual([]);

		const published_ = forWard.notifications.find((n) => n.kind === 'recordPublished')!;
		const before = forWard.unread;
		expect(await markNotificationsRead(ctx.db, wardActor, { ids: [published_.id] })).toBe(1);
		// Another account of the commune has its own read state; another commune cannot mark it.
		expect(await markNotificationsRead(ctx.db, ctx.newActor('ward', { unitCode: 4 }), { ids: [published_.id] })).toBe(0);
		const after = await listNotifications(ctx.db, wardActor);
		expect(after.unread).toBe(before - 1);
		expect(after.notifications.find((n) => n.id === published_.id)?.read).toBe(true);
		expect(
			(await listNotifications(ctx.db, ctx.newActor('ward', { unitCode: 70 }))).notifications.find((n) => n.id === published_.id)?.read
		).toBe(false);
		await markNotificationsRead(ctx.db, wardActor, { all: true });
		expect((await listNotifications(ctx.db, wardActor)).unread).toBe(0);

		// The webhook: the first attempt fails, the retry waits for its back-off, then delivers.
		hook.received.length = 0;
		hook.state.failNext = 1;
		const pending = await ctx.db.selectFrom('webhook_deliveries').select('id').where('delivered_at', 'is', null).execute();
		expect(pending.length).toBeGreaterThanOrEqual(4);
		// Two senders at once, as two app instances run them: each delivery is still sent once.
		await Promise.all([deliverDueWebhooks(ctx.db), deliverDueWebhooks(ctx.db)]);
		const retried = await ctx.db.selectFrom('webhook_deliveries').selectAll().where('last_error', 'is not', null).execute();
		expect(retried).toHaveLength(1);
		expect(retried[0]).toMatchObject({ attempts: 1, delivered_at: null, last_error: 'HTTP 500' });
		expect(retried[0]!.next_attempt_at > new Date().toISOString()).toBe(true);
		expect(hook.received.length).toBe(pending.length - 1);
		await deliverDueWebhooks(ctx.db, { now: () => new Date(Date.now() + 60_000) });
		expect(hook.received.length).toBe(pending.length);
		expect(await ctx.db.selectFrom('webhook_deliveries').select('id').where('delivered_at', 'is', null).execute()).toEqual([]);

		for (const r of hook.received) {
			expect(r.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
			const payload = webhookPayloadSchema.parse(JSON.parse(r.body));
			expect(payload.deliveryId).toBe(r.delivery);
		}
		// Kicked after a request: the caller returns before anything is sent; the sender delivers after.
		const again = ward.mutation('requestExtension', {
			findingId: finding.id,
			eventId: uuidv7(),
			deadline: deadlineIn(20),
			reason: 'Thêm một lần nữa'
		});
		expect(await one(ward, again)).toMatchObject({ status: 'applied' });
		const sent = hook.received.length;
		kickWebhooks(ctx.db);
		expect(hook.received.length).toBe(sent);
		await webhooksIdle();
		expect(hook.received.length).toBe(sent + 1);

		const kinds = hook.received
			.map((r) => webhookPayloadSchema.parse(JSON.parse(r.body)).notification)
			.filter((n) => n.inspectionId === inspection.id);
		expect(kinds.map((n) => n.kind).sort()).toEqual([
			'deadlineApproaching',
			'extensionGranted',
			'extensionRequested',
			'extensionRequested',
			'recordPublished'
		]);
	});
});
