/**
 * "Next unanswered" on screen (issue 20): which answer slot the inspector was last at (the last
 * one focus entered, or the last one jumped to) and how to bring a slot's control into view with
 * focus. A slot's element carries `data-slot="<itemId>|<officerId>"`: a grid cell's button, or an
 * item card's slot (whose first control takes the focus).
 */
import type { SlotRef } from '$lib/domain/speed-aids';

let last: Pick<SlotRef, 'itemId' | 'officerId'> | null = null;
let listening = false;

function slotOf(el: Element | null): Pick<SlotRef, 'itemId' | 'officerId'> | null {
	const key = el?.closest('[data-slot]')?.getAttribute('data-slot');
	if (!key) return null;
	const [itemId = '', officerId = ''] = key.split('|');
	return { itemId, officerId };
}

/** Starts following focus (once per page load); the slot the inspector was last at. */
export function lastSlot(): Pick<SlotRef, 'itemId' | 'officerId'> | null {
	if (!listening && typeof document !== 'undefined') {
		listening = true;
		document.addEventListener('focusin', (e) => (last = slotOf(e.target as Element) ?? last));
	}
	return last;
}

const focusable = 'input:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/**
 * Focuses the slot's control and scrolls it to the middle of the screen; a few frames are given
 * for the page to render after a navigation. Answers whether the slot was found.
 */
export async function focusSlot(slot: Pick<SlotRef, 'itemId' | 'officerId'>): Promise<boolean> {
	last = slot;
	for (let frame = 0; frame < 30; frame++) {
		const el = document.querySelector(`[data-slot="${CSS.escape(`${slot.itemId}|${slot.officerId}`)}"]`);
		const target = el?.matches(focusable) ? el : el?.querySelector(focusable);
		if (target instanceof HTMLElement) {
			target.focus({ preventScroll: true });
			target.scrollIntoView({ block: 'center' });
			return true;
		}
		await new Promise((resolve) => requestAnimationFrame(resolve));
	}
	return false;
}
