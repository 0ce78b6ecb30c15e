import { sampleHeader } from '../sample-header';
import { describe, expect, it } from 'vitest';
import { changeKeys, entities, entityId, entityNames, mutationArgsSchemas, mutationKeys, primaryKey } from '.';

const inspectionId = '0199a1b2-6a00-7b11-9c22-3d44e55f6a77';
const findingId = '0199a1b2-6a03-7000-a000-0000000000f1';
const envelope = { mutationId: '0199a1b2-7c3d-7e4f-8a9b-000000000001', seq: 1, schemaVersion: 1, createdAt: '2025-11-25T08:14:03+07:00' };

describe('the entity registry builds every key', () => {
	it('names a row by its key fields, for the feed and for the device', () => {
		const answer = { inspectionId, itemId: 'A3', officerId: '' };
		expect(entityId('answer', answer)).toBe(`${inspectionId}/A3/`);
		expect(primaryKey('answer', answer)).toEqual([inspectionId, 'A3', '']);
		expect(entityId('signature', { inspectionId, role: 'inspector' })).toBe(`${inspectionId}/inspector`);
		expect(primaryKey('officer', { id: 'o1', inspectionId })).toBe('o1');
	});

	it('holds back a pulled finding while a submission of its record or an intent on it is pending', () => {
		const pulled = changeKeys('finding', { id: findingId, inspectionId });
		const submit = mutationKeys({
			...envelope,
			name: 'submitInspection',
			args: { inspectionId, endedAt: envelope.createdAt, findings: [] }
		});
		const verify = mutationKeys({ ...envelope, name: 'verifyFix', args: { findingId, eventId: envelope.mutationId, comment: '' } });
		expect(submit.filter((k) => pulled.includes(k))).toHaveLength(1);
		expect(verify.filter((k) => pulled.includes(k))).toHaveLength(1);
	});

	it('holds back a pulled answer while an answerItem for the same item and officer is pending', () => {
		const args = { inspectionId, itemId: 'A3', officerId: '', value: null, note: '', answeredAt: envelope.createdAt };
		const pending = new Set(mutationKeys({ ...envelope, name: 'answerItem', args }));
		expect(changeKeys('answer', args).some((k) => pending.has(k))).toBe(true);
		expect(changeKeys('answer', { ...args, itemId: 'A4' }).some((k) => pending.has(k))).toBe(false);
	});

	it('declares for every entity who may receive it', () => {
		for (const name of entityNames) {
			expect(entities[name].visibleTo.readersOf).toBe('inspection');
			expect(['snapshot', 'after-publication', 'never']).toContain(entities[name].visibleTo.wards);
		}
	});
});

describe('the record number', () => {
	const doc = {
		...sampleHeader,
		id: inspectionId,
		templateId: 'mac-dinh',
		templateVersion: '2025.1',
		sectionIds: ['A'],
		status: 'approved',
		createdBy: 'u1',
		createdAt: '2025-11-25T08:00:00+07:00',
		endedAt: null
	};

	it('is kept from the pull, and never taken from a device creating a record', () => {
		const pulled = entities.inspection.row.parse({ ...doc, recordNumber: { number: 12, year: 2025 } });
		expect(pulled.recordNumber).toEqual({ number: 12, year: 2025 });
		expect(entities.inspection.row.safeParse({ ...doc, recordNumber: { number: 0, year: 2025 } }).success).toBe(false);
		const { status: _status, endedAt: _endedAt, ...args } = doc;
		expect(mutationArgsSchemas.createInspection.parse({ ...args, recordNumber: { number: 1, year: 2025 } })).not.toHaveProperty(
			'recordNumber'
		);
	});
});
