/**
 * Who is asking. Every sync decision (may this user change that inspection, which rows may
 * they pull) is made against an Actor, never against ids the client sends about itself.
 */
export type Role = 'admin' | 'supervisor' | 'inspector' | 'ward';

export interface Actor {
	userId: string;
	role: Role;
	/** The province a supervisor works for; null when not bound to one. */
	provinceCode: number | null;
	/** The commune-level unit a ward user belongs to; null otherwise. */
	unitCode: number | null;
}

/**
 * TODO(issue 4 — accounts): remove once hooks.server.ts puts the signed-in user in
 * `event.locals.actor`; until then every request acts as this one inspector.
 */
export const demoInspector: Actor = Object.freeze({
	userId: 'demo-inspector',
	role: 'inspector',
	provinceCode: null,
	unitCode: null
});

/** The actor for a request: `locals.actor` when set (accounts), else the demo inspector. */
export function actorFrom(locals: object): Actor {
	const actor = (locals as { actor?: Actor }).actor;
	return actor ?? demoInspector;
}
