/**
 * One handler per named intent of the protocol (intents.ts); the map is keyed by the same names,
 * so a new intent without a handler is a type error.
 */
import type { MutationArgs, MutationName } from '$lib/domain/protocol';
import type { Outcome } from '../results';
import type { HandlerContext } from './context';
import { attachPhoto, removePhoto, signInspection } from './evidence';
import { createInspection, submitInspection, updateInspectionHeader } from './inspections';
import { addOfficer, answerItem, removeOfficer, setFindingDraft, updateOfficer } from './record-parts';
import { adjustFinding, reopenFinding, reportFix, verifyFix } from './remediation';
import { approveInspection, returnInspection } from './review';
import { startPlannedInspection } from './start-planned';
import { grantExtension, refuseExtension, requestExtension } from './extensions';
import { resolveAnswerConflict } from './answers';
import { handInPart, holdSections, releaseMember } from './team';
import { relayPart } from './relay-part';
import { recordInterview, removeInterview } from './interviews';

export type { HandlerContext } from './context';

type Handler<N extends MutationName> = (ctx: HandlerContext, args: MutationArgs<N>, raw: unknown) => Promise<Outcome>;

export const mutationHandlers: { [N in MutationName]: Handler<N> } = {
	createInspection,
	startPlannedInspection,
	updateInspectionHeader,
	addOfficer,
	updateOfficer,
	removeOfficer,
	answerItem,
	attachPhoto,
	removePhoto,
	setFindingDraft,
	signInspection,
	submitInspection,
	returnInspection,
	approveInspection,
	adjustFinding,
	reportFix,
	verifyFix,
	reopenFinding,
	requestExtension,
	grantExtension,
	refuseExtension,
	holdSections,
	resolveAnswerConflict,
	handInPart,
	releaseMember,
	// The relayed mutations go through this same table, as the member.
	relayPart: (ctx, args, raw) => relayPart(ctx, args, raw, mutationHandlers as Parameters<typeof relayPart>[3]),
	recordInterview,
	removeInterview
};
