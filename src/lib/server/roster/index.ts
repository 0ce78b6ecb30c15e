/** Counter officers' rosters on the server (docs/roster.md): the API's reads and changes, the push check's lookup, an officer's history. */
export { rosterOf, addRosterOfficer, updateRosterOfficer } from './roster';
export { findRosterOfficer, type RosterOfficersTable } from './roster-table';
export { officerHistory, type OfficerVisit } from './officer-history';
