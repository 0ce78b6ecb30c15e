/**
 * Every migration the server has, in order. A static list (not a folder scan) so the bundled
 * adapter-node build carries them without touching the file system.
 */
import type { Migration } from 'kysely';
import { syncCore } from './001-sync-core';
import { accounts } from './002-accounts';
import { activeUnits } from './003-active-units';
import { plansVisibility } from './004-plans-visibility';
import { reportIndexes } from './005-report-indexes';
import { reviewRemediation } from './006-review-remediation';
import { openFindingsIndex } from './007-open-findings-index';
import { blobUploads } from './008-blob-uploads';
import { signatureBinding } from './009-signature-binding';
import { recordNumbers } from './010-record-numbers';
import { templatesTables } from './011-templates';
import { defaultTemplateV2 } from './012-default-template-v2';
import { blobQuotas } from './013-blob-quotas';
import { unitKinds } from './014-unit-kinds';
import { plansDraws } from './015-plans-draws';
import { presence } from './016-presence';
import { counterRoster } from './017-counter-roster';
import { inspectionKind } from './018-inspection-kind';
import { inspectionPlan } from './021-inspection-plan';
import { reportPeriodIndexes } from './022-report-period-indexes';
import { notifications } from './023-notifications';
import { recordSummaries } from './024-record-summaries';
import { unitOpenFindings } from './025-unit-open-findings';
import { teamRecord } from './026-team-record';
import { deviceKeys } from './027-device-keys';
import { citizenVoice } from './028-citizen-voice';
import { feedbackPointOneActive } from './030-feedback-point-one-active';
import { voiceReportIndex } from './034-voice-report-index';
import { sharedLimits } from './035-shared-limits';
import { changesLatest } from './037-changes-latest';
import { receiptsClientKey } from './038-receipts-client-key';
import { annotatedPhotos } from './032-annotated-photos';
import { answerVia } from './033-answer-via';

export const migrations: Record<string, Migration> = {
	'001-sync-core': syncCore,
	'002-accounts': accounts,
	'003-active-units': activeUnits,
	'004-plans-visibility': plansVisibility,
	'005-report-indexes': reportIndexes,
	'006-review-remediation': reviewRemediation,
	'007-open-findings-index': openFindingsIndex,
	'008-blob-uploads': blobUploads,
	'009-signature-binding': signatureBinding,
	'010-record-numbers': recordNumbers,
	'011-templates': templatesTables,
	'012-default-template-v2': defaultTemplateV2,
	'013-blob-quotas': blobQuotas,
	'014-unit-kinds': unitKinds,
	'015-plans-draws': plansDraws,
	'016-presence': presence,
	'017-counter-roster': counterRoster,
	'018-inspection-kind': inspectionKind,
	'021-inspection-plan': inspectionPlan,
	'022-report-period-indexes': reportPeriodIndexes,
	'023-notifications': notifications,
	'024-record-summaries': recordSummaries,
	'025-unit-open-findings': unitOpenFindings,
	'026-team-record': teamRecord,
	'027-device-keys': deviceKeys,
	'028-citizen-voice': citizenVoice,
	'030-feedback-point-one-active': feedbackPointOneActive,
	'032-annotated-photos': annotatedPhotos,
	'033-answer-via': answerVia,
	'034-voice-report-index': voiceReportIndex,
	'035-shared-limits': sharedLimits,
	'037-changes-latest': changesLatest,
	'038-receipts-client-key': receiptsClientKey
};
