import { describe, expect, it } from 'vitest';
import { MAX_PUSH_BYTES, MIB } from '$lib/domain/protocol/body-limits';
import type { Mutation } from '$lib/domain/protocol';
import type { AppDb } from '../app-db';
import { freshDbPerTest } from '../test-db';
import { answerItem, createInspection } from '../inspection-actions';
import { header, tinyTemplate } from '../test-fixtures';
import { pushOutbox } from './sync-engine';
import type { SyncTransport } from './transport';

let db: AppDb;
freshDbPerTest('push-batches', (fresh) => (db = fresh));

/** A server that applies everything and notes the size of each push body. */
function recordingTransport() {
	const pushes: { bytes: number; seqs: number[] }[] = [];
	const transport = {
		push: (clientId: string, mutations: Mutation[]) => {
			pushes.push({
				bytes: new TextEncoder().encode(JSON.stringify({ clientId, mutations })).byteLength,
				seqs: mutations.map((m) => m.seq)
			});
			const results = mutations.map((m) => ({ mutationId: m.mutationId, seq: m.seq, status: 'applied' as const }));
			return Promise.resolve({ results, lastAppliedSeq: mutations.at(-1)!.seq });
		}
	} as unknown as SyncTransport;
	return { pushes, transport };
}

describe('pushing the outbox within the server’s size limit', () => {
	it('splits a queue too large for one push into pushes under the limit, in seq order; an entry too large alone goes alone', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		for (let i = 0; i < 12; i++) await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: `ghi chú ${i}` });
		// Inflated past what a form allows, as a huge submission could be: 1 MiB each, one of 9 MiB.
		await db.outbox.toCollection().modify((entry) => {
			const seq = entry.mutation.seq;
			if (seq > 1) (entry.mutation.args as { note: string }).note = 'x'.repeat(seq === 7 ? 9 * MIB : MIB);
		});
		const { pushes, transport } = recordingTransport();
		const report = await pushOutbox(db, transport);

		expect(report.applied).toBe(13);
		expect(pushes.flatMap((p) => p.seqs)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
		expect(pushes.length).toBeGreaterThan(2);
		for (const push of pushes) {
			if (push.seqs.includes(7)) expect(push.seqs).toEqual([7]);
			else expect(push.bytes).toBeLessThanOrEqual(MAX_PUSH_BYTES);
		}
	});
});

describe('an entry another client of this account already sent', () => {
	it('leaves the queue on mutation_id_reused, and the entries after it move down to close the gap', async () => {
		const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'u1' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'một' });
		await answerItem(db, { inspectionId: id, itemId: 'A1', officerId: '', note: 'hai' });
		const [, sentByOtherPhone] = await db.outbox.orderBy('localId').toArray();
		// The server: seq 1 applied; the second entry's id belongs to another client, so it stops there.
		let lastSeq = 0;
		const seen: number[][] = [];
		const transport = {
			push: (_clientId: string, mutations: Mutation[]) => {
				seen.push(mutations.map((m) => m.seq));
				let stopped = false;
				const results = mutations.map((m) => {
					if (stopped) return { mutationId: m.mutationId, seq: m.seq, status: 'deferred' as const, code: 'waiting_for_seq' };
					if (m.mutationId === sentByOtherPhone!.mutation.mutationId) {
						stopped = true;
						return { mutationId: m.mutationId, seq: m.seq, status: 'deferred' as const, code: 'mutation_id_reused' };
					}
					if (m.seq !== lastSeq + 1) {
						stopped = true;
						return { mutationId: m.mutationId, seq: m.seq, status: 'deferred' as const, code: 'seq_gap' };
					}
					lastSeq = m.seq;
					return { mutationId: m.mutationId, seq: m.seq, status: 'applied' as const };
				});
				return Promise.resolve({ results, lastAppliedSeq: lastSeq });
			}
		} as unknown as SyncTransport;
		const report = await pushOutbox(db, transport);
		expect(seen).toEqual([[1, 2, 3], [2]]);
		expect(report).toEqual({ applied: 2, rejected: 0, deferred: 0 });
		expect(await db.outbox.count()).toBe(0);
		expect(lastSeq).toBe(2);
	});
});
