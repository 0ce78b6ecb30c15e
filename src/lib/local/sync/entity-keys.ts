/**
 * One key per synced row, computed the same way from a pending mutation and from a pulled
 * change, so a pull can tell which rows still carry local edits the server has not seen.
 */
import type { Mutation } from '$lib/domain/mutations';
import type { SyncEntity } from '$lib/domain/sync-wire';

type Data = Record<string, unknown>;
// Key fields are ids: strings, or numbers for unit codes; anything else makes no key.
const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

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

/**
 * Every key a pulled change may be dirty under. Findings travel per record (a resubmission
 * replaces them all) and are also moved one by one by review and remediation intents.
 */
export function changeKeys(entity: SyncEntity, data: Data): string[] {
	const key = changeKey(entity, data);
	return entity === 'finding' ? [key, findingKey(s(data.id))] : [key];
}

const findingKey = (findingId: string) => `finding:${findingId}`;

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
		// The finding's status or deadline changed on the device: keep it until the intent is
		// acknowledged, so a pull of the older server row does not undo what the user just did.
		case 'adjustFinding':
			return [findingKey(m.args.findingId)];
		case 'reportFix':
		case 'verifyFix':
		case 'reopenFinding':
			return [findingKey(m.args.findingId), changeKey('findingEvent', { id: m.args.eventId })];
	}
}
