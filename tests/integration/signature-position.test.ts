/**
 * Proof of presence at signing, on real SQLite and PostgreSQL: a signature may carry where it
 * was given; the server checks ranges, a positive accuracy and a time not in the future (beyond
 * clock skew), stores it, and pulls it back as given, so device and server fingerprint alike.
 */
import { describe, expect, it } from 'vitest';
import { inspectionArgs, pngImage, signatureArgs } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

describe.each(testDatabases)('signature position on $name', (kind) => {
	const ctx = useSyncContext(kind);
	const fix = (over: object = {}) => ({ lat: 21.0285, lng: 105.8542, accuracyM: 15, capturedAt: new Date().toISOString(), ...over });

	it('stores a fix or the reason for none, and pulls it back unchanged', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const png = pngImage();
		await ctx.upload(png);
		const here = fix();
		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			client.mutation('signInspection', { ...signatureArgs(inspection.id, png), position: here }),
			client.mutation('signInspection', {
				refused: true,
				inspectionId: inspection.id,
				role: 'unit_rep',
				signerName: 'Trần Thị Bình',
				signerPosition: '',
				refusalReason: 'Không đồng ý với kết luận',
				signedAt: new Date().toISOString(),
				position: { unavailable: 'denied' }
			})
		]);
		expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		const rows = await ctx.db
			.selectFrom('signatures')
			.select(['role', 'position'])
			.where('inspection_id', '=', inspection.id)
			.orderBy('role')
			.execute();
		expect(rows.map((r) => [r.role, JSON.parse(r.position!)])).toEqual([
			['inspector', here],
			['unit_rep', { unavailable: 'denied' }]
		]);
		const { changes } = await ctx.pullAll(client.actor);
		const pulled = changes.filter((c) => c.entity === 'signature').map((c) => (c.data as { position?: unknown }).position);
		expect(pulled).toEqual(expect.arrayContaining([here, { unavailable: 'denied' }]));
	});

	it('refuses a fix out of range, without a positive accuracy, or from the future; a signature without one still applies', async () => {
		const client = ctx.newClient();
		const inspection = inspectionArgs();
		const png = pngImage();
		await ctx.upload(png);
		const sign = (position?: object) =>
			client.mutation('signInspection', { ...signatureArgs(inspection.id, png), ...(position ? { position: position as never } : {}) });
		const inAMinute = new Date(Date.now() + 60_000).toISOString();
		const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
		const response = await ctx.push(client, [
			client.mutation('createInspection', inspection),
			sign(fix({ lat: 91 })),
			sign(fix({ lng: -181 })),
			sign(fix({ accuracyM: 0 })),
			sign(fix({ accuracyM: -5 })),
			sign(fix({ capturedAt: tomorrow })),
			sign({ unavailable: 'because' }),
			sign(fix({ capturedAt: inAMinute })),
			sign()
		]);
		expect(response.results.map((r) => [r.status, r.code])).toEqual([
			['applied', undefined],
			['rejected', 'invalid'],
			['rejected', 'invalid'],
			['rejected', 'invalid'],
			['rejected', 'invalid'],
			['rejected', 'invalid'],
			['rejected', 'invalid'],
			// A phone clock a minute fast is within the allowed skew.
			['applied', undefined],
			['applied', undefined]
		]);
		expect(response.results[5]?.field).toBe('args.position.capturedAt');
		const row = await ctx.db
			.selectFrom('signatures')
			.select('position')
			.where('inspection_id', '=', inspection.id)
			.executeTakeFirstOrThrow();
		expect(row.position).toBeNull();
	});
});
