/**
 * The server's truth for the rows a refused relayed mutation would have changed. The trưởng
 * đoàn's phone merged the member's part before the server saw it; when one of its mutations is
 * refused here (the member did not hold that section any more, say), that phone still shows the
 * merged change, and nothing else would ever tell it otherwise. So each such row is written
 * again as a change — as it stands, or as a tombstone when the server has none — and the next
 * pull sets that phone (and every team phone) right.
 */
import type { Mutation } from '$lib/domain/protocol';
import type { ChangeScope } from '../change-log';
import { answerConflictOf, answerOf, officerOf, sectionHoldingOf, teamPartOf } from '../row-converters';
import type { HandlerContext } from './context';

export async function restateRows(ctx: HandlerContext, scope: ChangeScope, memberId: string, refused: Mutation): Promise<void> {
	const id = scope.inspectionId;
	switch (refused.name) {
		case 'answerItem': {
			const key = { inspectionId: id, itemId: refused.args.itemId, officerId: refused.args.officerId };
			const where = { inspection_id: id, item_id: key.itemId, officer_id: key.officerId };
			const answer = await ctx.trx
				.selectFrom('answers')
				.selectAll()
				.where((eb) => eb.and(where))
				.executeTakeFirst();
			if (answer) ctx.log.upsert(scope, 'answer', answerOf(answer));
			else ctx.log.delete(scope, 'answer', key);
			const conflict = await ctx.trx
				.selectFrom('answer_conflicts')
				.selectAll()
				.where((eb) => eb.and(where))
				.executeTakeFirst();
			if (conflict) ctx.log.upsert(scope, 'answerConflict', answerConflictOf(conflict));
			else ctx.log.delete(scope, 'answerConflict', key);
			return;
		}
		case 'setFindingDraft': {
			const r = await ctx.trx
				.selectFrom('finding_drafts')
				.selectAll()
				.where('inspection_id', '=', id)
				.where('item_id', '=', refused.args.itemId)
				.executeTakeFirst();
			if (r)
				ctx.log.upsert(scope, 'findingDraft', {
					inspectionId: id,
					itemId: r.item_id,
					recommendation: r.recommendation,
					deadline: r.deadline
				});
			else ctx.log.delete(scope, 'findingDraft', { inspectionId: id, itemId: refused.args.itemId });
			return;
		}
		case 'addOfficer':
		case 'updateOfficer': {
			const r = await ctx.trx
				.selectFrom('officers')
				.selectAll()
				.where('id', '=', refused.args.id)
				.where('inspection_id', '=', id)
				.executeTakeFirst();
			if (r) ctx.log.upsert(scope, 'officer', officerOf(r));
			else ctx.log.delete(scope, 'officer', { id: refused.args.id, inspectionId: id });
			return;
		}
		case 'holdSections':
			for (const sectionId of refused.args.sectionIds) {
				const r = await ctx.trx
					.selectFrom('section_holdings')
					.selectAll()
					.where('inspection_id', '=', id)
					.where('section_id', '=', sectionId)
					.executeTakeFirst();
				if (r) ctx.log.upsert(scope, 'sectionHolding', sectionHoldingOf(r));
				else ctx.log.delete(scope, 'sectionHolding', { inspectionId: id, sectionId });
			}
			return;
		case 'handInPart': {
			const r = await ctx.trx
				.selectFrom('team_parts')
				.selectAll()
				.where('inspection_id', '=', id)
				.where('user_id', '=', memberId)
				.executeTakeFirst();
			if (r) ctx.log.upsert(scope, 'teamPart', teamPartOf(r));
			else ctx.log.delete(scope, 'teamPart', { inspectionId: id, userId: memberId });
			return;
		}
		default:
			return;
	}
}
