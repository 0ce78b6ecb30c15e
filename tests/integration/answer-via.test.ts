/**
 * "Tất cả mục còn lại trong phần này: Đạt" recorded as such (issue 20, must-show 2), on real
 * SQLite and PostgreSQL: an answer pushed with `via: 'section_rest_pass'` is stored and pulled
 * with it, a later answer given by a tap (no `via`, as from an older app) clears it, and a value
 * the protocol does not know is refused by its field.
 */
import { describe, expect, it } from 'vitest';
import { answerArgs, inspectionArgs } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const pass = { kind: 'pass', result: 'pass' } as const;
const fail = { kind: 'pass', result: 'fail' } as const;

describe.each(testDatabases)('answers marked by the confirmed "all remaining pass" on $name', (kind) => {
	const ctx = useSyncContext(kind);

	const stored = async (id: string, itemId: string) =>
		ctx.db.selectFrom('answers').select(['via', 'value']).where('inspection_id', '=', id).where('item_id', '=', itemId).executeTakeFirst();

	it('stores and pulls the mark; a tap after it clears it; an answer without it has none', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const id = inspection.id;
		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', answerArgs(id, 'A3', pass, { via: 'section_rest_pass' })),
			client.mutation('answerItem', answerArgs(id, 'A4', pass))
		]);
		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		expect(await stored(id, 'A3')).toMatchObject({ via: 'section_rest_pass' });
		expect(await stored(id, 'A4')).toMatchObject({ via: null });

		const pulled = (await ctx.pullAll(client.actor)).changes.filter((c) => c.entity === 'answer' && c.data.inspectionId === id);
		const latest = (itemId: string) => pulled.filter((c) => c.data.itemId === itemId).at(-1)!.data;
		expect(latest('A3')).toMatchObject({ itemId: 'A3', value: pass, via: 'section_rest_pass' });
		expect(latest('A4')).not.toHaveProperty('via');

		// The inspector changed their mind on A3 with a tap: the answer is theirs alone now.
		await ctx.push(client, [client.mutation('answerItem', answerArgs(id, 'A3', fail))]);
		expect(await stored(id, 'A3')).toMatchObject({ via: null, value: JSON.stringify(fail) });
	});

	it('refuses a source the protocol does not know, by its field, and stores nothing', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('answerItem', { ...answerArgs(inspection.id, 'A3', pass), via: 'guessed' as 'section_rest_pass' })
		]);
		expect(response.results[1]).toMatchObject({ status: 'rejected', field: 'args.via' });
		expect(await stored(inspection.id, 'A3')).toBeUndefined();
	});
});
