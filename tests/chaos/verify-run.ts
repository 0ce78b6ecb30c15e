/**
 * The verdict of a chaos run: what the devices intended (their own records) against what the
 * server holds (its database, and its pull feed read over HTTP).
 *
 * - lost: a mutation the device was told was done (so it left the outbox) that the server has
 *   no receipt for, or whose identifying change row is not in the feed (effect gone).
 *   Mutations still queued when the run ended are `pending`, not lost: they fail the run too.
 * - duplicated: a second receipt for one mutationId, or an identifying change row that appears
 *   more than once (the effect was applied again).
 * Everything else that disagrees (a seq out of place, a different status, a replay answered
 * differently, an entity that differs, a change count that does not add up) is a problem too.
 */
import { changeSignature } from './intended-state';
import type { PulledFeed } from './feed-reader';
import type { ServerSnapshot } from './server-snapshot';
import { foldFeed } from './server-snapshot';
import type { MadeMutation } from './simulated-client';

export interface ClientOutcome {
	label: string;
	clientId: string;
	/** The signed-in user the device pushed as. */
	userId: string;
	made: readonly MadeMutation[];
	/** Entries still queued when the run ended. */
	pending: number;
	anomalies: readonly string[];
	anomalyCount: number;
	/** lastAppliedSeq the pull endpoint reported for this client. */
	pulledLastAppliedSeq: number;
}

export interface RunCounts {
	mutations: number;
	/** Receipts the server holds for these clients. */
	recorded: number;
	applied: number;
	conflicts: number;
	duplicates: number;
	lost: number;
	pending: number;
}

export interface Verdict {
	counts: RunCounts;
	problems: string[];
}

/** JSON with object keys sorted, so equal values print equal whatever order they were built in. */
export function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

/** Collects problems, keeping a few examples of each kind so a failure is readable. */
class Problems {
	readonly lines: string[] = [];
	readonly #perKind = new Map<string, number>();

	add(kind: string, detail: string) {
		const seen = (this.#perKind.get(kind) ?? 0) + 1;
		this.#perKind.set(kind, seen);
		if (seen <= 5) this.lines.push(`${kind}: ${detail}`);
		else if (seen === 6) this.lines.push(`${kind}: … and more`);
	}
}

function compareEntities(source: string, expected: Map<string, unknown>, actual: Map<string, unknown>, problems: Problems) {
	for (const [key, value] of expected) {
		const found = actual.get(key);
		if (found === undefined) problems.add(`${source} is missing`, key);
		else if (canonical(found) !== canonical(value)) {
			problems.add(`${source} differs`, `${key}\n    intended ${canonical(value)}\n    found    ${canonical(found)}`);
		}
	}
	for (const key of actual.keys()) if (!expected.has(key)) problems.add(`${source} has unintended`, key);
}

export interface RunEvidence {
	clients: readonly ClientOutcome[];
	/** The union of the devices' own models. */
	intended: Map<string, unknown>;
	snapshot: ServerSnapshot;
	/** The whole feed, pulled from cursor 0 after the run. */
	pulled: PulledFeed;
	/** The copy a device pulling all through the run ended up with. */
	followed: Map<string, unknown>;
}

export function verifyRun({ clients, intended, snapshot, pulled, followed }: RunEvidence): Verdict {
	const problems = new Problems();
	const counts: RunCounts = { mutations: 0, recorded: 0, applied: 0, conflicts: 0, duplicates: 0, lost: 0, pending: 0 };

	const receiptsById = new Map<string, number>();
	for (const receipt of snapshot.receipts) receiptsById.set(receipt.mutationId, (receiptsById.get(receipt.mutationId) ?? 0) + 1);
	for (const n of receiptsById.values()) counts.duplicates += n - 1;

	const signatures = new Map<string, number>();
	for (const change of snapshot.changes) {
		const signature = changeSignature(change);
		signatures.set(signature, (signatures.get(signature) ?? 0) + 1);
	}

	let intendedChanges = 0;
	const ours = new Set(clients.map((c) => c.clientId));
	for (const client of clients) {
		counts.mutations += client.made.length;
		counts.pending += client.pending;
		if (client.pending > 0) problems.add('not drained', `${client.label} still has ${client.pending} queued`);
		for (const anomaly of client.anomalies) problems.add('device saw', anomaly);
		if (client.anomalyCount > client.anomalies.length)
			problems.add('device saw', `${client.label}: ${client.anomalyCount} anomalies in all`);

		const receipts = snapshot.receipts.filter((r) => r.clientId === client.clientId);
		counts.recorded += receipts.length;
		const bySeq = new Map(receipts.map((r) => [r.seq, r]));
		const queue = snapshot.clients.get(client.clientId);
		if (!queue || queue.userId !== client.userId || queue.lastSeq !== client.made.length) {
			problems.add('client queue', `${client.label}: server has ${JSON.stringify(queue)}, device made ${client.made.length}`);
		}
		if (client.pulledLastAppliedSeq !== client.made.length) {
			problems.add('pull lastAppliedSeq', `${client.label}: ${client.pulledLastAppliedSeq}, device made ${client.made.length}`);
		}
		for (const receipt of receipts) {
			if (receipt.seq < 1 || receipt.seq > client.made.length) problems.add('receipt out of range', `${client.label} seq ${receipt.seq}`);
		}

		for (const { mutation, effect, results } of client.made) {
			intendedChanges += effect.changes;
			const receipt = bySeq.get(mutation.seq);
			let lost = false;
			const acknowledged = results.length > 0;
			if (!receipt) {
				lost = acknowledged;
				if (acknowledged) problems.add('acknowledged but no receipt', `${client.label} seq ${mutation.seq} ${mutation.name}`);
			} else {
				if (receipt.mutationId !== mutation.mutationId || receipt.name !== mutation.name) {
					problems.add('seq holds another mutation', `${client.label} seq ${mutation.seq}: ${receipt.mutationId} ${receipt.name}`);
				}
				if (receipt.status !== effect.status) {
					problems.add(
						'wrong status',
						`${client.label} seq ${mutation.seq} ${mutation.name}: ${receipt.status}, intended ${effect.status}`
					);
				}
				if (receipt.status === 'applied') counts.applied++;
				if (receipt.status === 'conflict') counts.conflicts++;
			}
			if (effect.signature !== null) {
				const seen = signatures.get(effect.signature) ?? 0;
				if (seen === 0 && (receipt || acknowledged)) {
					lost = true;
					problems.add('effect missing', `${client.label} seq ${mutation.seq} ${mutation.name} (${effect.signature})`);
				}
				if (seen > 1) {
					counts.duplicates += seen - 1;
					problems.add('effect duplicated', `${client.label} seq ${mutation.seq} ${mutation.name} ${seen}× (${effect.signature})`);
				}
			}
			if (lost) counts.lost++;
			// Every answer the device got — first time or replay — must be the stored receipt's.
			const first = results[0];
			if (first && first.status !== effect.status) {
				problems.add('device got wrong status', `${client.label} seq ${mutation.seq} ${mutation.name}: ${first.status}`);
			}
			if (receipt && results.some((r) => canonical(r) !== canonical(receipt.result))) {
				problems.add('answer differs from receipt', `${client.label} seq ${mutation.seq}: ${results.map((r) => canonical(r)).join(' / ')}`);
			}
		}
	}
	for (const receipt of snapshot.receipts) {
		if (!ours.has(receipt.clientId)) problems.add('receipt of unknown client', receipt.clientId);
	}
	if (counts.duplicates > 0) problems.add('duplicates', String(counts.duplicates));
	if (snapshot.changes.length !== intendedChanges) {
		problems.add('change feed size', `server has ${snapshot.changes.length} change rows, the devices' mutations make ${intendedChanges}`);
	}

	compareEntities('database', intended, snapshot.entities, problems);

	// The feed over HTTP, read through the proxy: the very rows the database holds, in order,
	// and folding them gives the intended state.
	const versions = pulled.changes.map((c) => c.version);
	if (versions.some((v, i) => i > 0 && v <= (versions[i - 1] ?? 0))) problems.add('pull order', 'versions not strictly increasing');
	if (canonical(pulled.changes) !== canonical(snapshot.changes)) {
		problems.add('pull feed', `pulled ${pulled.changes.length} changes, database holds ${snapshot.changes.length} (or they differ)`);
	}
	compareEntities('pulled state', intended, foldFeed(pulled.changes), problems);
	compareEntities('followed state', intended, followed, problems);

	return { counts, problems: problems.lines };
}
