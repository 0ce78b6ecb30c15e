/** Planned inspections (issue 4): created by a supervisor through the API, pulled by the assigned inspectors. */
export * as plans from './plans';
