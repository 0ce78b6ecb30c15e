/**
 * Annotated photos (issue 20, must-show 3): an inspector draws arrows, circles and short text on
 * a photo, and the drawing is saved as a new photo beside the original. The new photo names its
 * original by hash, so both stay on the record, the record shows the annotated one and can show
 * the original, and the clean-up keeps the original's bytes (blobs/references.ts). Null on every
 * photo that is not an annotated copy, including all photos before this migration.
 */
import type { Migration } from 'kysely';
import type { AnyDb } from './any-db';

export const annotatedPhotos: Migration = {
	async up(db: AnyDb) {
		await db.schema.alterTable('photos').addColumn('original_sha256', 'text').execute();
	},

	async down(db: AnyDb) {
		await db.schema.alterTable('photos').dropColumn('original_sha256').execute();
	}
};
