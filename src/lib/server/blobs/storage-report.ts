/**
 * How much photo storage the server uses, for the admins (GET /api/admin/storage): the disk as it
 * is (the store is walked, not estimated from rows), what part of it no record references (the
 * next blobs-cleanup's work, young and old), the share of each province's records, and the limits
 * in force. An admin bound to a province sees the disk totals and their own province's line.
 */
import type { Kysely } from 'kysely';
import type { StorageReport } from '$lib/domain/protocol';
import { loadUnits } from '$lib/units/units';
import type { Database } from '../db/schema';
import type { BlobStore } from './blob-store';
import { DEFAULT_GRACE_DAYS } from './cleanup';
import { MAX_IMAGE_PIXELS } from './image-decode';
import type { BlobQuotas } from './quotas';
import { referencedHashes } from './references';

const HASH = /[0-9a-f]{64}/g;

export async function storageReport(
	db: Kysely<Database>,
	store: BlobStore,
	quotas: BlobQuotas,
	viewer: { provinceCode: number | null }
): Promise<StorageReport> {
	const referenced = await referencedHashes(db);
	const sizes = new Map<string, number>();
	const unreferenced = { count: 0, bytes: 0 };
	for await (const file of store.list()) {
		sizes.set(file.sha256, file.size);
		if (!referenced.has(file.sha256)) {
			unreferenced.count++;
			unreferenced.bytes += file.size;
		}
	}
	const names = new Map((await loadUnits()).map((p) => [p.code, p.name]));
	const byProvince = [...(await hashesByProvince(db, viewer.provinceCode))]
		.map(([provinceCode, hashes]) => {
			const held = [...hashes].filter((h) => sizes.has(h));
			const provinceName = names.get(provinceCode) ?? String(provinceCode);
			return { provinceCode, provinceName, count: held.length, bytes: held.reduce((n, h) => n + sizes.get(h)!, 0) };
		})
		.sort((a, b) => a.provinceCode - b.provinceCode);
	return {
		totalBytes: [...sizes.values()].reduce((n, s) => n + s, 0),
		count: sizes.size,
		unreferenced,
		byProvince,
		limits: {
			maxBlobBytes: store.maxBytes,
			maxImagePixels: MAX_IMAGE_PIXELS,
			userBytesPerDay: quotas.userBytesPerDay,
			recordPhotos: quotas.recordPhotos,
			recordBytes: quotas.recordBytes,
			cleanupGraceDays: DEFAULT_GRACE_DAYS
		},
		measuredAt: new Date().toISOString()
	};
}

/** The hashes each province's records reference (a photo shared by two provinces counts in both). */
async function hashesByProvince(db: Kysely<Database>, only: number | null): Promise<Map<number, Set<string>>> {
	let photos = db
		.selectFrom('photos')
		.innerJoin('inspections', 'inspections.id', 'photos.inspection_id')
		.select(['inspections.province_code as province', 'photos.sha256 as data']);
	let signatures = db
		.selectFrom('signatures')
		.innerJoin('inspections', 'inspections.id', 'signatures.inspection_id')
		.select(['inspections.province_code as province', 'signatures.sha256 as data'])
		.where('signatures.sha256', 'is not', null);
	let fixes = db
		.selectFrom('finding_events')
		.innerJoin('inspections', 'inspections.id', 'finding_events.inspection_id')
		.select(['inspections.province_code as province', 'finding_events.data as data'])
		.where('finding_events.kind', '=', 'fixReported');
	if (only !== null) {
		photos = photos.where('inspections.province_code', '=', only);
		signatures = signatures.where('inspections.province_code', '=', only);
		fixes = fixes.where('inspections.province_code', '=', only);
	}
	const byProvince = new Map<number, Set<string>>();
	for (const row of (await Promise.all([photos.execute(), signatures.execute(), fixes.execute()])).flat()) {
		const province = Number(row.province);
		const set = byProvince.get(province) ?? new Set<string>();
		for (const hash of row.data?.match(HASH) ?? []) set.add(hash);
		byProvince.set(province, set);
	}
	return byProvince;
}
