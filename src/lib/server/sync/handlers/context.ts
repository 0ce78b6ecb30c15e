/**
 * What every mutation handler gets, and the checks they share. Handlers run inside the
 * writer-locked transaction and inside a savepoint: if they return anything but `applied`, the
 * caller rolls their writes back, so a refused mutation never leaves half a change behind.
 */
import type { Transaction } from 'kysely';
import type { InspectionStatus } from '$lib/domain/inspection';
import type { BlobLookup } from '../../blobs/blob-store';
import type { Database, InspectionRow } from '../../db/schema';
import type { Actor } from '../actor';
import type { ChangeLog, ChangeScope } from '../change-log';
import { refuse, type Outcome } from '../results';

export interface HandlerContext {
	trx: Transaction<Database>;
	log: ChangeLog;
	actor: Actor;
	blobs: BlobLookup;
	now: string;
}

export const statusLabel: Record<InspectionStatus, string> = {
	planned: 'kế hoạch',
	draft: 'đang lập',
	submitted: 'đã gửi duyệt',
	returned: 'bị trả lại',
	approved: 'đã duyệt'
};

/** The inspector may change the record only in these states. */
const editableStatuses: readonly string[] = ['draft', 'returned'];

export function scopeOf(row: InspectionRow): ChangeScope {
	return {
		inspectionId: row.id,
		unitCode: row.unit_code,
		provinceCode: row.province_code,
		ownerUserId: row.owner_user_id
	};
}

export type Editable = { ok: true; inspection: InspectionRow; scope: ChangeScope } | { ok: false; outcome: Outcome };

/**
 * The single-writer rule: only the inspector who created an inspection changes it, and only
 * while it is a draft (or returned to them). Ownership is checked before status so that
 * another user learns nothing about a record they cannot touch.
 */
export async function editableInspection(ctx: HandlerContext, inspectionId: string): Promise<Editable> {
	const inspection = await ctx.trx.selectFrom('inspections').selectAll().where('id', '=', inspectionId).executeTakeFirst();
	if (!inspection) {
		return {
			ok: false,
			outcome: refuse('rejected', 'not_found', 'Không tìm thấy cuộc kiểm tra này trên máy chủ', 'args.inspectionId')
		};
	}
	if (inspection.owner_user_id !== ctx.actor.userId) {
		return {
			ok: false,
			outcome: refuse(
				'rejected',
				'forbidden',
				'Chỉ cán bộ lập biên bản mới được sửa cuộc kiểm tra này',
				'args.inspectionId'
			)
		};
	}
	if (!editableStatuses.includes(inspection.status)) {
		const label = statusLabel[inspection.status as InspectionStatus] ?? inspection.status;
		return {
			ok: false,
			outcome: refuse(
				'conflict',
				'not_editable',
				`Biên bản đang ở trạng thái "${label}", không sửa được nữa`,
				'args.inspectionId'
			)
		};
	}
	return { ok: true, inspection, scope: scopeOf(inspection) };
}

/** An answer or photo for one officer needs that officer to be on this inspection. */
export async function officerBelongs(ctx: HandlerContext, inspectionId: string, officerId: string): Promise<boolean> {
	if (officerId === '') return true;
	const row = await ctx.trx
		.selectFrom('officers')
		.select('id')
		.where('id', '=', officerId)
		.where('inspection_id', '=', inspectionId)
		.executeTakeFirst();
	return row !== undefined;
}

export const officerNotFound = (field = 'args.officerId') =>
	refuse('rejected', 'not_found', 'Không tìm thấy cán bộ này trong cuộc kiểm tra (có thể đã bị xoá)', field);

/**
 * A photo or signature can only be recorded once its bytes are on the server. Missing bytes
 * are `deferred`, not refused: the device uploads them and pushes the same mutation again.
 */
export async function checkBlob(
	ctx: HandlerContext,
	expected: { sha256: string; size: number; mime: string }
): Promise<Outcome | null> {
	const stored = await ctx.blobs.stat(expected.sha256);
	if (!stored) {
		return refuse(
			'deferred',
			'missing_blob',
			'Ảnh chưa được tải lên máy chủ; thiết bị sẽ tải ảnh lên rồi gửi lại',
			'args.sha256'
		);
	}
	if (stored.size !== expected.size) {
		const message = `Kích thước ảnh (${expected.size} byte) khác tệp đã lưu (${stored.size} byte)`;
		return refuse('rejected', 'blob_mismatch', message, 'args.size');
	}
	if (stored.mime !== expected.mime) {
		return refuse('rejected', 'blob_mismatch', `Ảnh đã lưu là ${stored.mime}, không phải ${expected.mime}`, 'args.mime');
	}
	return null;
}
