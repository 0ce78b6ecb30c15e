/**
 * Which change rows an actor may pull. One function so every role's rule sits in one place and
 * is applied in SQL, never by trusting parameters the client sends.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from './actor';

const nothing = sql<SqlBool>`1 = 0`;

export function visibleChanges(actor: Actor) {
	return (eb: ExpressionBuilder<Database, 'changes'>): Expression<SqlBool> => {
		switch (actor.role) {
			case 'inspector':
				// An inspector syncs the inspections they created, whatever their state.
				return eb('owner_user_id', '=', actor.userId);
			case 'supervisor':
				// TODO(review issue): records of actor.provinceCode once submitted; needs the status
				// on the change row (or a re-emit on submit) so drafts in progress stay private.
				return nothing;
			case 'ward':
				// TODO(remediation issue): approved records of actor.unitCode only, never planned
				// ones; needs approval to re-emit the record into the unit's scope.
				return nothing;
			case 'admin':
				// Admins manage accounts, units and templates, not inspection records.
				return nothing;
		}
	};
}
