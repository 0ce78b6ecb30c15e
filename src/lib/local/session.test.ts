import { describe, expect, it } from 'vitest';
import { storedUser } from './session.svelte';

const user = { id: 'u-1', username: 'kiemtra', displayName: 'Nguyễn Văn A', role: 'inspector', provinceCode: 1, unitCode: null };

describe('the remembered user (read before the first paint, without zod)', () => {
	it('reads back what sign-in stored, without the password flag or anything else', () => {
		expect(storedUser(user)).toEqual(user);
		expect(storedUser({ ...user, mustChangePassword: true, extra: 'x' })).toEqual(user);
		expect(storedUser({ ...user, role: 'admin', provinceCode: null })).toEqual({ ...user, role: 'admin', provinceCode: null });
	});

	it('reads a damaged or older entry as nobody signed in', () => {
		for (const bad of [
			null,
			'kiemtra',
			[],
			{ ...user, id: '' },
			{ ...user, id: 7 },
			{ ...user, role: 'owner' },
			{ ...user, provinceCode: 1.5 },
			{ ...user, unitCode: '70' },
			{ ...user, username: undefined },
			{ ...user, displayName: null }
		])
			expect(storedUser(bad)).toBeNull();
	});
});
