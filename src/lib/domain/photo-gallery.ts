/**
 * Which photos a gallery shows (issue 20): an annotated copy takes its original's place, and the
 * original stays reachable from it ("Xem ảnh gốc"). Pure, so the item strip, the record's gallery
 * and the printed annex agree.
 */
import type { PhotoMeta } from './inspection';

export interface GalleryPhoto {
	/** The photo shown: the annotated copy when there is one, else the photo itself. */
	shown: PhotoMeta;
	/** The photo the copy was drawn on, when it is still on the record; null for a plain photo. */
	original: PhotoMeta | null;
}

/**
 * The photos to show, in the order taken (an annotated copy where its original was). An original
 * with several copies (only on a record merged from two phones) shows its latest copy; a copy
 * whose original was removed is shown on its own.
 */
export function galleryOf(photos: readonly PhotoMeta[]): GalleryPhoto[] {
	const bySha = new Map(photos.filter((p) => !p.originalSha256).map((p) => [p.sha256, p]));
	const latestCopy = new Map<string, PhotoMeta>();
	for (const p of photos) {
		if (!p.originalSha256 || !bySha.has(p.originalSha256)) continue;
		const before = latestCopy.get(p.originalSha256);
		if (!before || before.takenAt < p.takenAt || (before.takenAt === p.takenAt && before.id < p.id)) latestCopy.set(p.originalSha256, p);
	}
	const gallery: GalleryPhoto[] = [];
	for (const p of photos) {
		if (p.originalSha256) {
			// Shown in its original's place, or alone when the original is gone.
			if (!bySha.has(p.originalSha256)) gallery.push({ shown: p, original: null });
			continue;
		}
		const copy = latestCopy.get(p.sha256);
		gallery.push(copy ? { shown: copy, original: p } : { shown: p, original: null });
	}
	return gallery;
}

/**
 * The photos removed with a gallery entry, in the order to queue them: the copies first, so the
 * server never holds a copy whose original it has already removed.
 */
export function photosToRemove(photos: readonly PhotoMeta[], entry: GalleryPhoto): PhotoMeta[] {
	if (!entry.original) return [entry.shown];
	const copies = photos.filter((p) => p.originalSha256 === entry.original!.sha256 && p.inspectionId === entry.original!.inspectionId);
	return [...copies, entry.original];
}

/** The hash an annotation of `entry` names as its original: the first photo, never a copy of a copy. */
export const originalHashOf = (entry: GalleryPhoto): string => entry.original?.sha256 ?? entry.shown.originalSha256 ?? entry.shown.sha256;

/** A drawing to store as an annotated copy: the photo it was drawn over (its slot) and the original it names. */
export interface AnnotatedDrawing {
	drawnOn: PhotoMeta;
	originalSha256: string;
	drawing: Blob;
}
