/** Inspection records as the server holds them: loading one whole, and verifying a printed copy. */
export { loadRecordContent, serverFingerprint, verifyRecord, verifyRecordFingerprint } from './record-fingerprints';
