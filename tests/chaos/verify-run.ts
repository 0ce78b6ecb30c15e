/**
 * The verdict of a chaos run: what the devices made (every mutation their outboxes took) against
 * what the server holds (its database, read after it stopped), and what each device holds at
 * the end against the server.
 *
 * - lost: a mutation a device made that the server has no receipt for, or whose identifying
 *   change row is not in the feed (its effect is gone).
 * - duplicated: a second receipt for one mutationId, or an identifying change row that appears
 *   more than once (the effect was applied again).
 * - refused: the server's receipt says rejected or conflict. Not lost — the device must still
 *   show it as a rejected outbox entry (else it vanished: a problem of its own) — but a problem
 *   all the same: the workload only does what the screens offer on what the device shows, so a
 *   refusal means the device showed something the server had already undone.
 * Everything else that disagrees (a status other than applied, seqs with a hole, an entry left
 * in an outbox, a device whose rows differ from the server's) is a problem too.
 */
import type { Mutation } from '$lib/domain/protocol';
import type { AppDb } from '$lib/local/app-db';
import { entityKey, type FeedChange, type ServerSnapshot } from './server-snapshot';

export interface DeviceOutcome {
	label: string;
	made: readonly Mutation[];
	/** Outbox entries left at the end, pending or rejected. */
	leftInOutbox: number;
	/** The mutationIds of the outbox entries the device keeps as rejected. */
	keptRejected: ReadonlySet<string>;
	anomalies: readonly string[];
	/** The device's rows, keyed like the pull feed. */
	state: Map<string, unknown>;
}

export interface RunCounts {
	sent: number;
	applied: number;
	lost: number;
	duplicated: number;
	refused: number;
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

/** The change row only this mutation produces, named as `changeSignature` names rows; null when there is none. */
function effectOf(m: Mutation): string | null {
	switch (m.name) {
		case 'createInspection':
			return `inspection:upsert:${m.args.id}:draft`;
		case 'submitInspection':
			return `inspection:upsert:${m.args.inspectionId}:submitted`;
		case 'addOfficer':
			return `officer:upsert:${m.args.id}`;
		case 'removeOfficer':
			return `officer:delete:${m.args.officerId}`;
		case 'attachPhoto':
			return `photo:upsert:${m.args.id}`;
		case 'answerItem':
			return m.args.note === '' ? null : `answer:upsert:${m.args.note}`;
		case 'setFindingDraft':
			return `findingDraft:upsert:${m.args.recommendation}`;
		case 'signInspection':
			// Signing again replaces the row: no change row belongs to one signature alone.
			return null;
		default:
			throw new Error(`the chaos workload does not make ${m.name}`);
	}
}

/** A name for a change row; unique to one mutation for the rows `effectOf` names (notes and recommendations carry unique tags). */
function changeSignature(change: FeedChange): string {
	const data = (change.data ?? {}) as Record<string, unknown>;
	if (change.op === 'upsert' && change.entity === 'answer') return `answer:upsert:${String(data.note)}`;
	if (change.op === 'upsert' && change.entity === 'findingDraft') return `findingDraft:upsert:${String(data.recommendation)}`;
	if (change.entity === 'inspection') return `inspection:${change.op}:${change.entityId}:${String(data.status)}`;
	return `${change.entity}:${change.op}:${change.entityId}`;
}

/** A device's rows keyed like the pull feed (the device-only `updatedAt` left out). */
export async function deviceState(db: AppDb): Promise<Map<string, unknown>> {
	const state = new Map<string, unknown>();
	for (const { updatedAt: _, ...row } of await db.inspections.toArray()) state.set(entityKey.inspection(row.id), row);
	for (const row of await db.officers.toArray()) state.set(entityKey.officer(row.id), row);
	for (const row of await db.answers.toArray()) state.set(entityKey.answer(row), row);
	for (const row of await db.photos.toArray()) state.set(entityKey.photo(row.id), row);
	for (const row of await db.findingDrafts.toArray()) state.set(entityKey.findingDraft(row), row);
	for (const row of await db.findings.toArray()) state.set(entityKey.finding(row.id), row);
	for (const row of await db.signatures.toArray()) state.set(`signature:${row.inspectionId}/${row.role}`, row);
	return state;
}

/** The device's row must carry the server's every field with the same value (it may hold more, e.g. a finding's status). */
function compareWithServer(label: string, server: Map<string, unknown>, device: Map<string, unknown>, problems: Problems) {
	for (const [key, value] of server) {
		const found = device.get(key) as Record<string, unknown> | undefined;
		if (found === undefined) {
			problems.add('device is missing', `${label} ${key}`);
			continue;
		}
		const picked = Object.fromEntries(Object.keys(value as object).map((k) => [k, found[k]]));
		if (canonical(picked) !== canonical(value)) {
			problems.add('device differs', `${label} ${key}\n    server ${canonical(value)}\n    device ${canonical(picked)}`);
		}
	}
	for (const key of device.keys()) if (!server.has(key)) problems.add('device has what the server has not', `${label} ${key}`);
}

export function verifyRun(devices: readonly DeviceOutcome[], snapshot: ServerSnapshot): { counts: RunCounts; problems: string[] } {
	const problems = new Problems();
	const counts: RunCounts = { sent: 0, applied: 0, lost: 0, duplicated: 0, refused: 0 };

	const receipts = new Map<string, ServerSnapshot['receipts']>();
	for (const r of snapshot.receipts) receipts.set(r.mutationId, [...(receipts.get(r.mutationId) ?? []), r]);
	const signatures = new Map<string, number>();
	for (const change of snapshot.changes) {
		const signature = changeSignature(change);
		signatures.set(signature, (signatures.get(signature) ?? 0) + 1);
	}

	const ours = new Set<string>();
	for (const device of devices) {
		counts.sent += device.made.length;
		if (device.leftInOutbox > 0) problems.add('not drained', `${device.label} has ${device.leftInOutbox} entries left in its outbox`);
		for (const anomaly of device.anomalies) problems.add('device saw', anomaly);
		for (const m of device.made) {
			ours.add(m.mutationId);
			const found = receipts.get(m.mutationId) ?? [];
			const effect = effectOf(m);
			const seen = effect === null ? null : (signatures.get(effect) ?? 0);
			const refusal = found.find((r) => r.status === 'rejected' || r.status === 'conflict');
			if (refusal) {
				counts.refused++;
				const kept = device.keptRejected.has(m.mutationId) ? 'kept as rejected' : 'VANISHED from the outbox';
				problems.add('refused', `${device.label} ${m.name} ${m.mutationId}, ${kept}: ${canonical(refusal.result)}`);
			} else if (found.length === 0 || seen === 0) {
				counts.lost++;
				problems.add('lost', `${device.label} ${m.name} ${m.mutationId} (receipts ${found.length}, effect rows ${seen})`);
			}
			if (found.length > 1 || (seen ?? 0) > 1) {
				counts.duplicated++;
				problems.add('duplicated', `${device.label} ${m.name} ${m.mutationId} (receipts ${found.length}, effect rows ${seen})`);
			}
			if (found.some((r) => r.status === 'applied')) counts.applied++;
			else if (found.length > 0 && !refusal) problems.add('not applied', `${device.label} ${m.name}: ${canonical(found[0]?.result)}`);
		}
		compareWithServer(device.label, snapshot.entities, device.state, problems);
	}
	for (const r of snapshot.receipts) if (!ours.has(r.mutationId)) problems.add('receipt no device made', canonical(r));

	// Each queue the server kept (one per clientId) consumed its seqs 1..n with no hole.
	const seqsByClient = new Map<string, number[]>();
	for (const r of snapshot.receipts) seqsByClient.set(r.clientId, [...(seqsByClient.get(r.clientId) ?? []), r.seq]);
	for (const [clientId, seqs] of seqsByClient) {
		seqs.sort((a, b) => a - b);
		if (seqs.some((s, i) => s !== i + 1)) problems.add('seqs with a hole', `${clientId}: ${seqs.length} receipts, last seq ${seqs.at(-1)}`);
		const queue = snapshot.clients.get(clientId);
		if (queue?.lastSeq !== seqs.length) problems.add('client queue', `${clientId}: last_seq ${queue?.lastSeq}, ${seqs.length} receipts`);
	}
	return { counts, problems: problems.lines };
}
