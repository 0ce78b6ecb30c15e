/**
 * Photos and signatures: metadata pushed as mutations, bytes uploaded separately by hash.
 *
 * Offline: the device keeps the bytes and uploads them (PUT /api/blobs/<sha256>) before the
 * mutation is pushed. If the mutation arrives first, it is `deferred / missing_blob` without
 * consuming its seq; the device uploads and pushes it again. Conflicts: as for every part of a
 * draft, its writer changes it before submission; a member of its team photographs the items
 * of the sections they hold and removes their own photos (team.ts). Signatures are the writer's.
 */
import type { Inspection, SignaturePosition } from '$lib/domain/inspection';
import { memberIndexOf, namesTeamMember } from '$lib/domain/team-signatures';
import type { InspectionRow } from '../../db/schema';
import type { MutationArgs } from '$lib/domain/protocol';
import { unknownItem } from '$lib/domain/record-rules';
import { blobQuotas, recordCapRefusal } from '../../blobs/quotas';
import { applied, refuse, type Outcome } from '../results';
import { pinnedTemplate, refusedBy } from './content-checks';
import { checkBlob, editableInspection, officerBelongs, officerNotFound, type HandlerContext } from './context';
import { generalPhotoRefusal, itemRefusal, takePart } from './team';

export async function attachPhoto(ctx: HandlerContext, args: MutationArgs<'attachPhoto'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'attachPhoto', args.inspectionId);
	if (!target.ok) return target.outcome;
	if (args.itemId !== null) {
		// A photo of an item shows an item of the record's template.
		const template = await pinnedTemplate(ctx, target.inspection);
		if (!template.ok) return template.outcome;
		const unknown = unknownItem(template.value, args.itemId);
		if (unknown) return refusedBy(unknown);
		const section = itemRefusal(ctx, target, template.value, args.itemId);
		if (section) return section;
	} else {
		const section = generalPhotoRefusal(ctx, target);
		if (section) return section;
	}
	if (!(await officerBelongs(ctx, args.inspectionId, args.officerId))) return officerNotFound();
	const existing = await ctx.trx.selectFrom('photos').select('id').where('id', '=', args.id).executeTakeFirst();
	if (existing) return refuse('conflict', 'already_exists', 'This photo is already on the server', 'args.id');
	const blob = await checkBlob(ctx, args);
	if (blob) return blob;
	const original = await originalRefusal(ctx, args);
	if (original) return original;
	const full = await recordCapRefusal(ctx.trx, blobQuotas(), args.inspectionId, args.size);
	if (full) return refuse('rejected', 'blob_quota_record', full.message, 'args.sha256');

	const version = ctx.log.upsert(target.scope, 'photo', args);
	await ctx.trx
		.insertInto('photos')
		.values({
			id: args.id,
			inspection_id: args.inspectionId,
			item_id: args.itemId,
			officer_id: args.officerId,
			sha256: args.sha256,
			mime: args.mime,
			size: args.size,
			width: args.width,
			height: args.height,
			caption: args.caption,
			taken_at: args.takenAt,
			original_sha256: args.originalSha256 ?? null,
			added_by: ctx.actor.userId,
			version,
			updated_at: ctx.now
		})
		.execute();
	await takePart(ctx, target);
	return applied;
}

/**
 * An annotated copy names its original by hash (issue 20): only a photo attached to this same
 * record, so a record can never reach another record's bytes through the reference (a hash is no
 * secret; blobs/access.ts lets whoever may read a record read the bytes it references). The
 * original must still be on the record when the copy arrives: the device queues the original's
 * attachPhoto first, and removes the copy before the original.
 */
async function originalRefusal(ctx: HandlerContext, args: MutationArgs<'attachPhoto'>): Promise<Outcome | null> {
	if (!args.originalSha256) return null;
	const original = await ctx.trx
		.selectFrom('photos')
		.select('id')
		.where('inspection_id', '=', args.inspectionId)
		.where('sha256', '=', args.originalSha256)
		.executeTakeFirst();
	if (original) return null;
	return refuse('rejected', 'unknown_original', 'The original named is not a photo of this record', 'args.originalSha256');
}

/**
 * Removes the photo's metadata and sends a tombstone. The bytes stay: other photos may share
 * the hash, and a later garbage collector decides. Removing a photo already gone is a no-op.
 */
export async function removePhoto(ctx: HandlerContext, args: MutationArgs<'removePhoto'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'removePhoto', args.inspectionId);
	if (!target.ok) return target.outcome;
	const photo = await ctx.trx
		.selectFrom('photos')
		.select(['id', 'added_by'])
		.where('id', '=', args.photoId)
		.where('inspection_id', '=', args.inspectionId)
		.executeTakeFirst();
	if (!photo) return applied;
	// A team member removes only their own photos; the trưởng đoàn any.
	if (target.member && photo.added_by !== ctx.actor.userId) {
		return refuse('rejected', 'not_your_photo', 'A team member may remove only the photos they took', 'args.photoId');
	}
	ctx.log.delete(target.scope, 'photo', { id: args.photoId, inspectionId: args.inspectionId });
	await ctx.trx.deleteFrom('photos').where('id', '=', args.photoId).execute();
	return applied;
}

/**
 * Records a signature (its PNG uploaded first) or a refusal to sign, one per role; signing
 * again replaces the earlier one.
 */
export async function signInspection(ctx: HandlerContext, args: MutationArgs<'signInspection'>): Promise<Outcome> {
	const target = await editableInspection(ctx, 'signInspection', args.inspectionId);
	if (!target.ok) return target.outcome;
	if (!args.refused) {
		const blob = await checkBlob(ctx, args);
		if (blob) return blob;
	}
	const member = memberRefusal(target.inspection, args);
	if (member) return member;
	const when = positionTimeRefusal(args.position, ctx.now);
	if (when) return when;

	const version = ctx.log.upsert(target.scope, 'signature', args);
	const columns = {
		refused: args.refused ? 1 : 0,
		signer_name: args.signerName,
		signer_position: args.signerPosition,
		sha256: args.refused ? null : args.sha256,
		mime: args.refused ? null : args.mime,
		size: args.refused ? null : args.size,
		refusal_reason: args.refused ? args.refusalReason : null,
		witness_name: args.refused ? (args.witnessName ?? null) : null,
		witness_position: args.refused ? (args.witnessPosition ?? null) : null,
		content_fingerprint: args.contentFingerprint ?? null,
		position: args.position ? JSON.stringify(args.position) : null,
		signed_at: args.signedAt,
		version,
		updated_at: ctx.now
	};
	await ctx.trx
		.insertInto('signatures')
		.values({ inspection_id: args.inspectionId, role: args.role, ...columns })
		.onConflict((oc) => oc.columns(['inspection_id', 'role']).doUpdateSet(columns))
		.execute();
	return applied;
}

/**
 * A team member's own block ('member:<n>', team-signatures.ts) is signed by that member: the
 * record's team has a member other than the leader at index n, under the name signed. A member
 * does not refuse: refusing is the unit's representative's.
 */
function memberRefusal(inspection: InspectionRow, args: MutationArgs<'signInspection'>): Outcome | null {
	if (memberIndexOf(args.role) === null) return null;
	const { team } = JSON.parse(inspection.data) as Pick<Inspection, 'team'>;
	if (!namesTeamMember(team, args)) {
		const message = `No team member other than the leader named ${args.signerName} at ${args.role} on this record`;
		return refuse('rejected', 'not_a_team_member', message, 'args.role');
	}
	if (args.refused) return refuse('rejected', 'invalid', 'A team member signs; only the unit’s representative refuses', 'args.refused');
	return null;
}

/** How far ahead of the server's clock a phone's clock may run before its fix counts as "in the future". */
export const POSITION_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * The schema checks ranges and a positive accuracy; the time of a fix can only be checked
 * against the server's clock: one from the future (beyond clock skew) was not taken at signing.
 */
function positionTimeRefusal(position: SignaturePosition | undefined, now: string): Outcome | null {
	if (!position || 'unavailable' in position) return null;
	if (Date.parse(position.capturedAt) <= Date.parse(now) + POSITION_CLOCK_SKEW_MS) return null;
	return refuse('rejected', 'invalid', 'The position was captured in the future', 'args.position.capturedAt');
}
