/**
 * Commune and province names for report rows, from the bundled official list (lib/units): the
 * database keeps only codes, so a renamed unit is renamed everywhere by updating the list.
 */
import { provinceOfCentreCode, provincialCentreName, unitKindOf } from '$lib/domain/units-2025';
import { loadUnits } from '$lib/units/units';

function centreName(code: number, provinceNames: Map<number, string>): string | undefined {
	const province = provinceNames.get(provinceOfCentreCode(code) ?? 0);
	return province && unitKindOf(code) === 'provincial_centre' ? provincialCentreName(province) : undefined;
}

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
			// A provincial centre is named from its code (docs/units.md); a branch's name is the
			// province's data, so reports show its code.
			commune: (code) => communes.get(code) ?? centreName(code, provinceNames) ?? `Mã ${code}`,
			province: (code) => provinceNames.get(code) ?? `Mã ${code}`,
			communeCodes: (provinceCode) => provinces.find((p) => p.code === provinceCode)?.communes.map((c) => c.code) ?? [],
			provinceCodes: () => provinces.map((p) => p.code)
		};
	});
	return cached;
}
