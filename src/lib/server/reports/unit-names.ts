/**
 * Commune and province names for report rows, from the bundled official list (lib/units): the
 * database keeps only codes, so a renamed unit is renamed everywhere by updating the list.
 */
import { loadUnits } from '$lib/units/units';

export interface UnitNames {
	commune(code: number): string;
	province(code: number): string;
	/** Codes of the province's communes, in the list's order. */
	communeCodes(provinceCode: number): number[];
	provinceCodes(): number[];
}

let cached: Promise<UnitNames> | undefined;

export function unitNames(): Promise<UnitNames> {
	cached ??= loadUnits().then((provinces) => {
		const communes = new Map<number, string>();
		const provinceNames = new Map<number, string>();
		for (const p of provinces) {
			provinceNames.set(p.code, p.name);
			for (const c of p.communes) communes.set(c.code, c.name);
		}
		return {
			commune: (code) => communes.get(code) ?? `Mã ${code}`,
			province: (code) => provinceNames.get(code) ?? `Mã ${code}`,
			communeCodes: (provinceCode) => provinces.find((p) => p.code === provinceCode)?.communes.map((c) => c.code) ?? [],
			provinceCodes: () => provinces.map((p) => p.code)
		};
	});
	return cached;
}
