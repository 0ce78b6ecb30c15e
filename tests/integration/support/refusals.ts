/** The Refusal a promise rejects with; fails the test when it resolves or rejects with something else. */
import { expect } from 'vitest';
import { Refusal } from '$lib/server/http';

export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(Refusal);
	return error as Refusal;
}
