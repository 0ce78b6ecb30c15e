/**
 * Refusals of a user action on the device, by the shared state machines. Its own small module so
 * the error helper (imported by every page) does not pull the review actions into the checklist.
 */
export class NotAllowedError extends Error {
	constructor(reason: string) {
		super(reason);
		this.name = 'NotAllowedError';
	}
}
