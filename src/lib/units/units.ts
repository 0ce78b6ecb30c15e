/**
 * The official 34 provinces and 3,321 communes (since 1/7/2025), bundled with the app so the
 * inspector can choose a unit with no network. Loaded lazily: only the start screen needs it.
 */
import { foldVietnamese } from '$lib/domain/fold';

export type DivisionType = 'xã' | 'phường' | 'đặc khu';

export interface Commune {
	code: number;
	name: string;
	type: DivisionType;
	provinceCode: number;
	provinceName: string;
	/** Folded name for matching, computed once. */
	folded: string;
}

export interface Province {
	code: number;
	name: string;
	communes: Commune[];
}

type CompactData = [number, string, [number, string, 'x' | 'p' | 'd'][]][];
const typeNames = { x: 'xã', p: 'phường', d: 'đặc khu' } as const;

export function expandUnits(data: CompactData): Province[] {
	return data.map(([code, name, wards]) => ({
		code,
		name,
		communes: wards.map(([wCode, wName, t]) => ({
			code: wCode,
			name: wName,
			type: typeNames[t],
			provinceCode: code,
			provinceName: name,
			folded: foldVietnamese(wName)
		}))
	}));
}

let cached: Promise<Province[]> | undefined;

/** The bundled list; the JSON chunk is precached by the service worker like the rest of the app. */
export function loadUnits(): Promise<Province[]> {
	cached ??= import('./units-2025.json').then((m) => expandUnits(m.default as CompactData));
	return cached;
}

let byCode: Promise<Map<number, Commune>> | undefined;

/** The official commune with this code, or undefined when the list has none (the server's check). */
export async function findCommune(code: number): Promise<Commune | undefined> {
	byCode ??= loadUnits().then((provinces) => new Map(provinces.flatMap((p) => p.communes.map((c) => [c.code, c] as const))));
	return (await byCode).get(code);
}

/**
 * Communes whose name contains every word of the query, ignoring diacritics and case; names
 * that start with the query (after the "Xã"/"Phường" prefix) come first.
 */
export function searchCommunes(
	provinces: Province[],
	query: string,
	opts: { provinceCode?: number | null; limit?: number } = {}
): Commune[] {
	const words = foldVietnamese(query).split(' ').filter(Boolean);
	const limit = opts.limit ?? 30;
	const pool = opts.provinceCode
		? (provinces.find((p) => p.code === opts.provinceCode)?.communes ?? [])
		: provinces.flatMap((p) => p.communes);
	if (words.length === 0) return pool.slice(0, limit);
	const phrase = words.join(' ');
	const hits = pool.filter((c) => words.every((w) => c.folded.includes(w)));
	const rank = (c: Commune) => (c.folded.replace(/^(xa|phuong|dac khu) /, '').startsWith(phrase) ? 0 : 1);
	return hits.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'vi')).slice(0, limit);
}

/**
 * Provinces whose name contains every word of the query, ignoring diacritics and case, in the
 * official order; names that start with the query (after "Tỉnh"/"Thành phố") come first.
 */
export function searchProvinces<P extends Pick<Province, 'code' | 'name'>>(provinces: P[], query: string): P[] {
	const words = foldVietnamese(query).split(' ').filter(Boolean);
	if (words.length === 0) return provinces;
	const phrase = words.join(' ');
	const folded = (p: P) => foldVietnamese(p.name);
	const hits = provinces.filter((p) => words.every((w) => folded(p).includes(w)));
	const rank = (p: P) =>
		folded(p)
			.replace(/^(tinh|thanh pho) /, '')
			.startsWith(phrase)
			? 0
			: 1;
	return hits.sort((a, b) => rank(a) - rank(b));
}
