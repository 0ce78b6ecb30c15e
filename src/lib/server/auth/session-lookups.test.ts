import { describe, expect, it } from 'vitest';
import { SessionLookups, type SessionWithUser } from './session-lookups';

/** A database stand-in that records each statement's ids and answers when told to. */
function recordingReads(known: string[]) {
	const statements: { ids: string[]; answer: () => void; fail: (e: Error) => void }[] = [];
	const read = (ids: string[]) =>
		new Promise<SessionWithUser[]>((resolve, reject) => {
			statements.push({
				ids,
				answer: () => resolve(ids.filter((id) => known.includes(id)).map((id) => ({ session_id: id }) as SessionWithUser)),
				fail: reject
			});
		});
	return { statements, read };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('session lookups', () => {
	it('send a lookup alone at once, and the ones asked meanwhile together in the next statement', async () => {
		const { statements, read } = recordingReads(['a', 'b', 'c']);
		const lookups = new SessionLookups(read);
		const first = lookups.find('a');
		expect(statements.map((s) => s.ids)).toEqual([['a']]);

		const meanwhile = [lookups.find('b'), lookups.find('unknown'), lookups.find('b'), lookups.find('c')];
		await settle();
		expect(statements).toHaveLength(1);

		statements[0]!.answer();
		expect((await first)?.session_id).toBe('a');
		await settle();
		// Each id once, in the order asked.
		expect(statements.map((s) => s.ids)).toEqual([['a'], ['b', 'unknown', 'c']]);
		statements[1]!.answer();
		expect((await Promise.all(meanwhile)).map((found) => found?.session_id)).toEqual(['b', undefined, 'b', 'c']);

		// Idle again: the next lookup goes out at once, not behind anything.
		void lookups.find('c');
		expect(statements).toHaveLength(3);
	});

	it('never answers a lookup from a statement sent before it was asked', async () => {
		const { statements, read } = recordingReads(['a']);
		const lookups = new SessionLookups(read);
		const early = lookups.find('a');
		const late = lookups.find('a');
		// The second asked after the first statement left: it waits for a statement of its own.
		expect(statements).toHaveLength(1);
		statements[0]!.answer();
		await early;
		await settle();
		expect(statements).toHaveLength(2);
		statements[1]!.answer();
		expect((await late)?.session_id).toBe('a');
	});

	it('tell every lookup of a failed statement, and go on with the next ones', async () => {
		const { statements, read } = recordingReads(['a', 'b']);
		const lookups = new SessionLookups(read);
		const first = lookups.find('a');
		const second = lookups.find('b');
		statements[0]!.fail(new Error('database down'));
		await expect(first).rejects.toThrow('database down');
		await settle();
		statements[1]!.fail(new Error('still down'));
		await expect(second).rejects.toThrow('still down');

		const after = lookups.find('b');
		statements[2]!.answer();
		expect((await after)?.session_id).toBe('b');
	});

	it('split a crowd over statements of at most 500 ids', async () => {
		const ids = Array.from({ length: 1201 }, (_, i) => `s${i}`);
		const { statements, read } = recordingReads(ids);
		const lookups = new SessionLookups(read);
		const found = ids.map((id) => lookups.find(id));
		for (let i = 0; i < 4; i++) {
			await settle();
			statements[i]!.answer();
		}
		expect(statements.map((s) => s.ids.length)).toEqual([1, 500, 500, 200]);
		expect((await Promise.all(found)).map((row) => row?.session_id)).toEqual(ids);
	});
});
