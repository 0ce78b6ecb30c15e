/**
 * The evidence behind a finding: the photos the inspectors took of its checklist item on the
 * record (every officer's), oldest first. A ward holds them once the record is published (the
 * photo rows are part of the ward's snapshot); the bytes come from the device or, when only the
 * metadata was pulled, from GET /api/blobs/<sha256>, which applies the same rule on the server.
 * An annotated copy stands in its original's place (issue 20, photo-gallery.ts).
 */
import type { PhotoMeta } from '$lib/domain/inspection';
import { galleryOf } from '$lib/domain/photo-gallery';
import type { AppDb } from './app-db';

export async function evidencePhotos(db: AppDb, findingId: string): Promise<PhotoMeta[]> {
	const finding = await db.findings.get(findingId);
	if (!finding) return [];
	const photos = await db.photos.where('inspectionId').equals(finding.inspectionId).toArray();
	const ofItem = photos
		.filter((p) => p.itemId === finding.itemId)
		.sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.id.localeCompare(b.id));
	return galleryOf(ofItem).map((entry) => entry.shown);
}
