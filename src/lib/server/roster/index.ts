/** Counter officers' rosters on the server (docs/roster.md): the API's reads and changes, the push check's lookup. */
export { rosterOf, addRosterOfficer, updateRosterOfficer } from './roster';
export { findRosterOfficer, type RosterOfficersTable } from './roster-table';
