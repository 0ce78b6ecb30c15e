import { describe, expect, it } from 'vitest';
import type { Mutation, PushResponse } from '$lib/domain/protocol';
import type { AppDb } from '../app-db';
import { freshDbPerTest } from '../test-db';
import { answerItem, createInspection } from '../inspection-actions';
import { header, tinyTemplate } from '../test-fixtures';
import { acknowledgedHolds } from './acknowledged';
import { pushOutbox } from './sync-engine';
import type { SyncTransport } from './transport';

let db: AppDb;
freshDbPerTest('push-pipeline', (fresh) => (db = fresh));

/** A record and `answers` more entries: 1 + answers entries in the outbox, seqs 1… */
async function queue(answers: number): Promise<string> {
	const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
	for (let i = 0; i < answers; i++) await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: `lần ${i}` });
	return id;
}

type Answer = (m: Mutation) => PushResponse['results'][number];
const applied: Answer = (m) => ({ mutationId: m.mutationId, seq: m.seq, status: 'applied' });

/**
 * A server that answers each push after a pause, checking that no push is sent while another is
 * unanswered, and notes every seq it was sent. `answer` decides each mutation's result;
 * `failAt` makes that push (counted from 1) fail like a dropped connection.
 */
function slowServer(options: { answer?: Answer; failAt?: number; during?: (push: number) => Promise<void> } = {}) {
	const sent: number[][] = [];
	let inFlight = 0;
	let overlapped = false;
	const transport = {
		async push(_clientId: string, mutations: Mutation[]) {
			if (inFlight > 0) overlapped = true;
			inFlight++;
			sent.push(mutations.map((m) => m.seq));
			try {
				await options.during?.(sent.length);
				await new Promise((resolve) => setTimeout(resolve, 5));
				if (sent.length === options.failAt) throw new TypeError('Failed to fetch');
				const results = mutations.map(options.answer ?? applied);
				return { results, lastAppliedSeq: mutations.at(-1)!.seq };
			} finally {
				inFlight--;
			}
		}
	} as unknown as SyncTransport;
	return { sent, transport, overlapped: () => overlapped };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a long queue goes as a pipeline', () => {
	it('sends each batch once, in seq order, only after the one before it is answered, and empties the outbox', async () => {
		await queue(1049);
		const server = slowServer();
		const report = await pushOutbox(db, server.transport);
		expect(report).toEqual({ applied: 1050, rejected: 0, deferred: 0 });
		expect(server.sent.map((s) => s.length)).toEqual([500, 500, 50]);
		expect(server.sent.flat()).toEqual(range(1, 1050));
		expect(server.overlapped()).toBe(false);
		expect(await db.outbox.count()).toBe(0);
		// Every applied batch took its hold (acknowledged.ts), as one batch at a time did.
		expect((await acknowledgedHolds(db)).last).toBe(3);
	});

	it('takes the answers typed while it runs in the same round, after the ones before them', async () => {
		const id = await queue(999);
		const server = slowServer({
			during: async (push) => {
				if (push === 1) await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'gõ trong lúc gửi' });
			}
		});
		const report = await pushOutbox(db, server.transport);
		expect(report.applied).toBe(1001);
		expect(server.sent.flat()).toEqual(range(1, 1001));
		expect(await db.outbox.count()).toBe(0);
	});

	it('a dropped connection mid-way: what the server applied has left, everything after it is still pending', async () => {
		await queue(1049);
		const server = slowServer({ failAt: 2 });
		await expect(pushOutbox(db, server.transport)).rejects.toThrow('Failed to fetch');
		const left = await db.outbox.orderBy('localId').toArray();
		expect(left.map((e) => e.mutation.seq)).toEqual(range(501, 1050));
		expect(left.every((e) => e.state === 'pending')).toBe(true);
		// The next round sends them again, from where the server stopped.
		const again = slowServer();
		expect((await pushOutbox(db, again.transport)).applied).toBe(550);
		expect(again.sent.flat()).toEqual(range(501, 1050));
	});

	it('a batch with a refusal in it is answered one batch at a time, and the queue goes on past it', async () => {
		await queue(1049);
		const server = slowServer({
			answer: (m) =>
				m.seq === 750 ? { mutationId: m.mutationId, seq: m.seq, status: 'rejected', code: 'invalid', message: 'Không hợp lệ' } : applied(m)
		});
		const report = await pushOutbox(db, server.transport);
		expect(report).toEqual({ applied: 1049, rejected: 1, deferred: 0 });
		expect(server.sent.flat()).toEqual(range(1, 1050));
		const left = await db.outbox.toArray();
		expect(left.map((e) => [e.mutation.seq, e.state, e.lastError])).toEqual([[750, 'rejected', 'Không hợp lệ']]);
	});

	it('stops at a deferral without sending the batches after it', async () => {
		await queue(1049);
		const server = slowServer({
			answer: (m) => (m.seq >= 700 ? { mutationId: m.mutationId, seq: m.seq, status: 'deferred', code: 'waiting_for_seq' } : applied(m))
		});
		const report = await pushOutbox(db, server.transport);
		expect(report.applied).toBe(699);
		expect(report.deferred).toBe(301);
		expect(server.sent.flat()).toEqual(range(1, 1000));
		expect((await db.outbox.toArray()).map((e) => e.mutation.seq)).toEqual(range(700, 1050));
	});

	it('entries whose seqs do not follow their outbox order still go once each, every batch in seq order', async () => {
		await queue(1049);
		// Seqs in reverse outbox order (as no action makes them, but a queue can only be trusted so far).
		await db.outbox.toCollection().modify((entry) => {
			entry.mutation.seq = 1051 - entry.mutation.seq;
		});
		const server = slowServer();
		expect((await pushOutbox(db, server.transport)).applied).toBe(1050);
		expect([...server.sent.flat()].sort((a, b) => a - b)).toEqual(range(1, 1050));
		for (const seqs of server.sent) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
		expect(await db.outbox.count()).toBe(0);
	});
});
