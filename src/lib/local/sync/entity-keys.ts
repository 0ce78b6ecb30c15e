/**
 * One key per synced row, computed the same way from a pending mutation and from a pulled
 * change, so a pull can tell which rows still carry local edits the server has not seen.
 */
import type { Mutation } from '$lib/domain/mutations';
import type { SyncEntity } from '$lib/domain/sync-wire';

type Data = Record<string, unknown>;
const s = (v: unknown) => String(v ?? '');

export function changeKey(entity: SyncEntity, data: Data): string {
	switch (entity) {
		case 'inspection':
			return `inspection:${s(data.id)}`;
		case 'answer':
			return `answer:${s(data.inspectionId)}/${s(data.itemId)}/${s(data.officerId)}`;
		case 'signature':
			return `signature:${s(data.inspectionId)}/${s(data.role)}`;
		case 'findingDraft':
			return `findingDraft:${s(data.inspectionId)}/${s(data.itemId)}`;
		case 'finding':
			return `findings:${s(data.inspectionId)}`;
		default:
			return `${entity}:${s(data.id)}`;
	}
}

/** The rows a pending mutation will change on the server once applied. */
export function mutationKeys(m: Mutation): string[] {
	switch (m.name) {
		case 'createInspection':
			return [changeKey('inspection', m.args)];
		case 'updateInspectionHeader':
			return [changeKey('inspection', { id: m.args.inspectionId })];
		case 'submitInspection':
			return [changeKey('inspection', { id: m.args.inspectionId }), changeKey('finding', m.args)];
		case 'addOfficer':
		case 'updateOfficer':
			return [changeKey('officer', m.args)];
		case 'removeOfficer':
			return [changeKey('officer', { id: m.args.officerId })];
		case 'answerItem':
			return [changeKey('answer', m.args)];
		case 'attachPhoto':
			return [changeKey('photo', m.args)];
		case 'removePhoto':
			return [changeKey('photo', { id: m.args.photoId })];
		case 'setFindingDraft':
			return [changeKey('findingDraft', m.args)];
		case 'signInspection':
			return [changeKey('signature', m.args)];
		// Review: the record's status; its event is keyed by the mutationId, never pulled back dirty.
		case 'returnInspection':
		case 'approveInspection':
			return [changeKey('inspection', { id: m.args.inspectionId })];
		// A finding's own row is not keyed by id on the device (findings travel per record), so
		// these name the event they add; the finding row follows from the next pull.
		case 'adjustFinding':
			return [`finding:${m.args.findingId}`];
		case 'reportFix':
		case 'verifyFix':
		case 'reopenFinding':
			return [changeKey('findingEvent', { id: m.args.eventId })];
	}
}
