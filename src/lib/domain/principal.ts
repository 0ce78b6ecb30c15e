/**
 * Who is asking: the roles and the signed-in person the permission rules and both state
 * machines reason about. A leaf module, so that permissions.ts can build on the state machines
 * while the state machines name the same people without importing permissions.ts back.
 */
export const roles = ['admin', 'supervisor', 'inspector', 'ward'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
	userId: string;
	role: Role;
	/** The province the account works in; null only for a national admin. */
	provinceCode: number | null;
	/** The commune of a ward account; null for every other role. */
	unitCode: number | null;
}
