import { describe, expect, it } from 'vitest';
import { extendsDeadline, extensionArgsSchemas, extensionStep, pendingExtension } from './extensions';
import type { Principal } from './principal';

const ward: Principal = { userId: 'w', role: 'ward', provinceCode: 1, unitCode: 70 };
const supervisor: Principal = { userId: 's', role: 'supervisor', provinceCode: 1, unitCode: null };
const facts = { status: 'open' as const, unitCode: 70, provinceCode: 1, recordApproved: true };

describe('pendingExtension', () => {
	it('is the newest request nobody answered', () => {
		const asked = { id: 'r1', kind: 'extensionRequested', at: '2026-01-01T00:00:00Z' };
		expect(pendingExtension([asked])).toBe(asked);
		expect(pendingExtension([asked, { id: 'g1', kind: 'extensionGranted', at: '2026-01-02T00:00:00Z', requestId: 'r1' }])).toBeNull();
		const again = { id: 'r2', kind: 'extensionRequested', at: '2026-01-03T00:00:00Z' };
		expect(pendingExtension([asked, { id: 'x', kind: 'extensionRefused', at: '2026-01-02T00:00:00Z', requestId: 'r1' }, again])).toBe(
			again
		);
		expect(pendingExtension([{ id: 'f', kind: 'fixReported', at: '2026-01-01T00:00:00Z' }])).toBeNull();
	});
});

describe('extensionStep', () => {
	it('lets only the commune ask, once at a time, while the finding waits for a fix', () => {
		expect(extensionStep(ward, 'requestExtension', facts, null)).toEqual({ ok: true });
		expect(extensionStep(ward, 'requestExtension', facts, { id: 'r1' })).toMatchObject({ ok: false, code: 'not_editable' });
		expect(extensionStep(ward, 'requestExtension', { ...facts, status: 'fixReported' }, null)).toMatchObject({ code: 'not_editable' });
		expect(extensionStep(ward, 'requestExtension', { ...facts, status: 'reopened' }, null)).toEqual({ ok: true });
		expect(extensionStep(ward, 'requestExtension', { ...facts, unitCode: 4 }, null)).toMatchObject({ code: 'forbidden' });
		expect(extensionStep(supervisor, 'requestExtension', facts, null)).toMatchObject({ code: 'forbidden' });
	});

	it('lets a reviewer of the province decide a pending request', () => {
		expect(extensionStep(supervisor, 'grantExtension', facts, { id: 'r1' })).toEqual({ ok: true });
		expect(extensionStep(supervisor, 'refuseExtension', facts, null)).toMatchObject({ code: 'not_editable' });
		expect(extensionStep({ ...supervisor, provinceCode: 79 }, 'grantExtension', facts, { id: 'r1' })).toMatchObject({ code: 'forbidden' });
		expect(extensionStep({ ...supervisor, role: 'admin', provinceCode: null }, 'grantExtension', facts, { id: 'r1' })).toEqual({
			ok: true
		});
		expect(extensionStep(ward, 'grantExtension', facts, { id: 'r1' })).toMatchObject({ code: 'forbidden' });
		expect(extensionStep({ ...supervisor, role: 'inspector' }, 'refuseExtension', facts, { id: 'r1' })).toMatchObject({
			code: 'forbidden'
		});
	});
});

describe('extension arguments', () => {
	it('need a later date and a reason', () => {
		expect(extendsDeadline('2026-01-31', '2026-02-01')).toBe(true);
		expect(extendsDeadline('2026-01-31', '2026-01-31')).toBe(false);
		const ask = {
			findingId: '0199a1b2-6a03-7000-a000-0000000000f1',
			eventId: '0199a1b2-6a04-7000-b000-0000000000e4',
			deadline: '2026-02-01'
		};
		expect(extensionArgsSchemas.requestExtension.safeParse({ ...ask, reason: '  ' }).error?.issues[0]?.message).toBe(
			'extension_reason_required'
		);
		expect(extensionArgsSchemas.requestExtension.safeParse({ ...ask, reason: 'Chờ kinh phí', deadline: '01/02/2026' }).success).toBe(false);
	});
});
