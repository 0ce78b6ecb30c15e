/**
 * A device pushing through the real routes to the process-wide database (the one the server
 * opens from DATA_DIR / DATABASE_URL), for the tests that take that database away: what it
 * sends, how it asks, and what the server holds of it afterwards.
 */
import type { Mutation } from '$lib/domain/protocol';
import { getDatabase } from '$lib/server/db';
import { GET as health } from '../../../src/routes/api/health/+server';
import { GET as pull } from '../../../src/routes/api/sync/pull/+server';
import { POST as push } from '../../../src/routes/api/sync/push/+server';
import { answerArgs, inspectionArgs, itemIdAt } from './factories';
import { TestClient } from './sync-context';

export class OutageDevice extends TestClient {
	constructor(userId: string) {
		super({ userId, role: 'inspector', provinceCode: null, unitCode: null });
	}

	/** As SvelteKit calls a route once hooks.server.ts has signed this device's user in. */
	#event(request: Request) {
		return { request, params: {}, locals: { actor: this.actor }, url: new URL(request.url) } as never;
	}

	async push(mutations: Mutation[]): Promise<Response> {
		const body = JSON.stringify({ clientId: this.clientId, mutations });
		const headers = { 'content-type': 'application/json' };
		return push(this.#event(new Request('http://localhost/api/sync/push', { method: 'POST', headers, body })));
	}

	async pull(): Promise<Response> {
		return pull(this.#event(new Request(`http://localhost/api/sync/pull?cursor=0&clientId=${this.clientId}`)));
	}

	async health(): Promise<Response> {
		return health(this.#event(new Request('http://localhost/api/health')));
	}

	/** A new record and `answers` answered items, each with a note of `noteLength` characters. */
	work(answers: number, noteLength = 20): Mutation[] {
		const inspection = inspectionArgs();
		const note = 'Ghi chú '.repeat(Math.ceil(noteLength / 8)).slice(0, noteLength);
		return [
			this.mutation('createInspection', inspection),
			...Array.from({ length: answers }, (_, i) => this.mutation('answerItem', { ...answerArgs(inspection.id, itemIdAt(i)), note }))
		];
	}

	/** This device's receipts and the server's change rows (all devices'). */
	async serverCounts(): Promise<{ receipts: number; changes: number }> {
		const { db } = await getDatabase();
		const receipts = await db
			.selectFrom('mutation_receipts')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('client_id', '=', this.clientId)
			.executeTakeFirstOrThrow();
		const changes = await db
			.selectFrom('changes')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		return { receipts: Number(receipts.n), changes: Number(changes.n) };
	}
}
