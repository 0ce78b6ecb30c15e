/** Unit locations from the server (proof of presence): read for the supervisor's warnings, set by admins. */
import type { UnitLocation } from '$lib/domain/unit-locations';
import { call } from './admin-api';

/** The province's unit locations, or null when the server cannot be reached or refuses. */
export async function provinceLocations(provinceCode: number): Promise<UnitLocation[] | null> {
	try {
		return (await call<{ locations: UnitLocation[] }>('GET', `/api/units/locations?province=${provinceCode}`)).locations;
	} catch {
		return null;
	}
}

/** Sets (or, with null, clears) a unit's location; throws AdminApiError as the admin screens expect. */
export const saveUnitLocation = (code: number, location: { lat: number; lng: number } | null) =>
	call<{ location: UnitLocation | null }>('PUT', `/api/admin/unit-locations/${code}`, { location }).then((r) => r.location);
