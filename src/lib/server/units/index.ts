/** The unit model of 2025 on the server (docs/units.md): the directory, its admin changes, the push checks' lookups. */
export { findUnit, findReceptionPoint, findProvince, unitDirectory, type KnownUnit } from './unit-directory';
export { createBranch, updateBranch, createReceptionPoint, updateReceptionPoint } from './unit-admin';
export type { CentreUnitsTable, ReceptionPointsTable } from './unit-tables';
export { directoryFor } from './directory-request';
export { provinceUnitLocations, setUnitLocation, importUnitLocations, type UnitLocationsTable } from './unit-locations';
export { provinceFor } from './directory-request';
