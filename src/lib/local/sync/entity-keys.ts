/**
 * Entity keys are built in one place, the protocol registry; this name stays for older imports.
 * TODO: delete once no module imports it.
 */
export { changeKeys, mutationKeys, rowKey as changeKey } from '$lib/domain/protocol';
