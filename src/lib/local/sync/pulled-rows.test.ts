import { describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '$lib/domain/protocol';
import type { AppDb } from '../app-db';
import { freshDbPerTest } from '../test-db';
import { quarantinedRows } from './pulled-rows';
import { pullChanges } from './sync-engine';
import type { SyncTransport } from './transport';

let db: AppDb;
freshDbPerTest('pulled-rows', (fresh) => (db = fresh));

const inspectionId = '0199a1b2-6a00-7b11-9c22-3d44e55f6a77';
const officerId = '0199a1b2-6a01-7c19-8d00-00000000c019';
const officer = (name: unknown) => ({ id: officerId, inspectionId, name, position: '', desk: '', order: 0 });
const answer = {
	inspectionId,
	itemId: 'A3',
	officerId: '',
	value: { kind: 'pass', result: 'fail' },
	answeredAt: '2025-11-25T08:14:03+07:00'
};

/** Serves the given pages in turn, one per pull call. */
function pagesTransport(pages: Change[][]): SyncTransport {
	let cursor = 0;
	return {
		push: () => Promise.reject(new Error('not used')),
		hasBlob: () => Promise.resolve(true),
		putBlob: () => Promise.resolve(),
		pull: (): Promise<PullResponse> => {
			const changes = pages.shift() ?? [];
			cursor += changes.length;
			return Promise.resolve({ changes, cursor, hasMore: false, lastAppliedSeq: 0 });
		}
	};
}

describe('pulled rows are checked against the protocol registry before they are stored', () => {
	it('stores the rows that match, sets aside the one that does not, and moves the cursor past both', async () => {
		const transport = pagesTransport([
			[
				{ version: 1, entity: 'answer', entityId: `${inspectionId}/A3/`, op: 'upsert', data: answer },
				{ version: 2, entity: 'officer', entityId: officerId, op: 'upsert', data: officer(42) }
			]
		]);
		expect(await pullChanges(db, transport)).toBe(1);

		// Parsed by the schema: the default note is filled in.
		expect(await db.answers.get([inspectionId, 'A3', ''])).toMatchObject({ note: '', value: { kind: 'pass', result: 'fail' } });
		expect(await db.officers.get(officerId)).toBeUndefined();
		expect(await quarantinedRows(db)).toEqual([
			expect.objectContaining({ entity: 'officer', entityId: officerId, version: 2, op: 'upsert', path: 'name', data: officer(42) })
		]);
		expect((await db.meta.get('pullCursor'))?.value).toBe(2);
	});

	it('sets aside a row whose entityId does not match its key fields, a tombstone without its key, and an unknown entity', async () => {
		const transport = pagesTransport([
			[
				{ version: 1, entity: 'answer', entityId: `${inspectionId}/B1/`, op: 'upsert', data: answer },
				{ version: 2, entity: 'photo', entityId: 'x', op: 'delete', data: { inspectionId } },
				// An entity a newer server added: this app cannot store it, and the page still applies.
				{ version: 3, entity: 'reportDraft', entityId: 'r1', op: 'upsert', data: { id: 'r1' } }
			]
		]);
		expect(await pullChanges(db, transport)).toBe(0);
		expect((await quarantinedRows(db)).map((r) => [r.entity, r.path])).toEqual([
			['answer', 'entityId'],
			['photo', 'id'],
			['reportDraft', '']
		]);
		expect((await db.meta.get('pullCursor'))?.value).toBe(3);
		expect(await db.answers.count()).toBe(0);
	});

	it('forgets a set-aside row once a valid version of it arrives', async () => {
		const transport = pagesTransport([
			[{ version: 1, entity: 'officer', entityId: officerId, op: 'upsert', data: officer('') }],
			[{ version: 2, entity: 'officer', entityId: officerId, op: 'upsert', data: officer('Lê Văn Cường') }]
		]);
		await pullChanges(db, transport);
		expect(await quarantinedRows(db)).toHaveLength(1);
		await pullChanges(db, transport);
		expect(await quarantinedRows(db)).toEqual([]);
		expect((await db.officers.get(officerId))?.name).toBe('Lê Văn Cường');
	});
});
