import { describe, expect, it } from 'vitest';
// First: fake-indexeddb must be in place before Dexie loads.
import { freshDbPerTest } from './test-db';
import { addDays } from '$lib/domain/dates';
import type { AppDb } from './app-db';
import { RuleRefusedError } from './action-errors';
import { grantExtension, refuseExtension, requestExtension } from './extension-actions';
import { createInspection } from './inspection-actions';
import { approveInspection, NotAllowedError, type Reviewer } from './review-actions';
import { answerSignAndSubmit, header, tinyTemplate } from './test-fixtures';

let db: AppDb;
freshDbPerTest('extensions', (fresh) => (db = fresh));

const supervisor: Reviewer = {
	userId: 'sup',
	role: 'supervisor',
	provinceCode: header.unit.provinceCode,
	unitCode: null,
	displayName: 'Giám sát'
};
const ward: Reviewer = {
	userId: 'w',
	role: 'ward',
	provinceCode: header.unit.provinceCode,
	unitCode: header.unit.code,
	displayName: 'Phường'
};

/** A published finding, as the commune's and the supervisor's devices hold it. */
async function published() {
	const id = await createInspection(db, { header, template: tinyTemplate, createdBy: 'ins' });
	await answerSignAndSubmit(db, id, 'fail');
	await approveInspection(db, supervisor, id, '');
	await db.outbox.clear();
	return (await db.findings.toArray())[0]!;
}

describe('extension actions write the event and the intent together', () => {
	it('the commune asks; a second request waits for the first decision; an earlier date is refused unqueued', async () => {
		const finding = await published();
		await expect(requestExtension(db, ward, finding.id, finding.deadline, 'Chờ kinh phí')).rejects.toBeInstanceOf(RuleRefusedError);
		await requestExtension(db, ward, finding.id, addDays(finding.deadline, 10), 'Chờ kinh phí');
		const [entry] = await db.outbox.toArray();
		expect(entry?.mutation).toMatchObject({ name: 'requestExtension', args: { findingId: finding.id, reason: 'Chờ kinh phí' } });
		const [event] = await db.findingEvents.toArray();
		expect(event).toMatchObject({
			id: (entry!.mutation.args as { eventId: string }).eventId,
			kind: 'extensionRequested',
			actorName: 'Phường'
		});
		await expect(requestExtension(db, ward, finding.id, addDays(finding.deadline, 20), 'Lần nữa')).rejects.toBeInstanceOf(NotAllowedError);
		await expect(grantExtension(db, ward, finding.id, addDays(finding.deadline, 5), '')).rejects.toBeInstanceOf(NotAllowedError);
		expect(await db.outbox.count()).toBe(1);
	});

	it('a grant moves the deadline and names the request; a refusal keeps it', async () => {
		const finding = await published();
		await requestExtension(db, ward, finding.id, addDays(finding.deadline, 10), 'Chờ kinh phí');
		const requestId = (await db.findingEvents.toArray())[0]!.id;
		await grantExtension(db, supervisor, finding.id, addDays(finding.deadline, 7), 'Đồng ý');
		expect((await db.findings.get(finding.id))?.deadline).toBe(addDays(finding.deadline, 7));
		const granted = (await db.outbox.orderBy('localId').toArray()).at(-1)!.mutation;
		expect(granted).toMatchObject({ name: 'grantExtension', args: { requestId, deadline: addDays(finding.deadline, 7) } });
		// Nothing pending any more: no second decision.
		await expect(refuseExtension(db, supervisor, finding.id, 'Không')).rejects.toBeInstanceOf(NotAllowedError);

		await requestExtension(db, ward, finding.id, addDays(finding.deadline, 30), 'Thêm thời gian');
		await refuseExtension(db, supervisor, finding.id, 'Đã gia hạn một lần');
		expect((await db.findings.get(finding.id))?.deadline).toBe(addDays(finding.deadline, 7));
		expect((await db.findingEvents.toArray()).map((e) => e.kind).sort()).toEqual([
			'extensionGranted',
			'extensionRefused',
			'extensionRequested',
			'extensionRequested'
		]);
	});
});
