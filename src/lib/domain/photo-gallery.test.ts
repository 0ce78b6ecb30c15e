import { describe, expect, it } from 'vitest';
import type { PhotoMeta } from './inspection';
import { galleryOf, originalHashOf, photosToRemove } from './photo-gallery';

const hash = (c: string) => c.repeat(64);
let n = 0;
function photo(sha: string, extra: Partial<PhotoMeta> = {}): PhotoMeta {
	n++;
	return {
		id: `0199a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`,
		inspectionId: '0199a1b2-6a00-7b11-9c22-3d44e55f6a77',
		itemId: 'A1',
		officerId: '',
		sha256: hash(sha),
		mime: 'image/jpeg',
		size: 1000,
		width: 10,
		height: 10,
		caption: '',
		takenAt: `2026-12-06T10:00:0${n % 10}.000Z`,
		...extra
	};
}

describe('galleryOf', () => {
	it('shows an annotated copy in its original’s place and keeps the original reachable', () => {
		const a = photo('a');
		const b = photo('b');
		const copy = photo('c', { originalSha256: hash('a') });
		expect(galleryOf([a, b, copy])).toEqual([
			{ shown: copy, original: a },
			{ shown: b, original: null }
		]);
	});

	it('shows the latest copy of an original, and a copy whose original is gone on its own', () => {
		const a = photo('a');
		const first = photo('c', { originalSha256: hash('a'), takenAt: '2026-12-06T10:00:00.000Z' });
		const second = photo('d', { originalSha256: hash('a'), takenAt: '2026-12-06T11:00:00.000Z' });
		const orphan = photo('e', { originalSha256: hash('f') });
		expect(galleryOf([a, second, first, orphan])).toEqual([
			{ shown: second, original: a },
			{ shown: orphan, original: null }
		]);
	});
});

describe('photosToRemove and originalHashOf', () => {
	it('removes the copies before their original', () => {
		const a = photo('a');
		const copy = photo('c', { originalSha256: hash('a') });
		const [entry] = galleryOf([a, copy]);
		expect(photosToRemove([a, copy], entry!)).toEqual([copy, a]);
		expect(originalHashOf(entry!)).toBe(hash('a'));
	});

	it('a plain photo is removed alone and is its own original', () => {
		const b = photo('b');
		const [entry] = galleryOf([b]);
		expect(photosToRemove([b], entry!)).toEqual([b]);
		expect(originalHashOf(entry!)).toBe(hash('b'));
	});
});
