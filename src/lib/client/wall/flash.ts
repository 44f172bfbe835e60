import type { Attachment } from 'svelte/attachments';

/** How long a changed figure stays marked. */
export const FLASH_MS = 1600;

const shown = new WeakMap<Element, string>();
const clearing = new WeakMap<Element, ReturnType<typeof setTimeout>>();

/**
 * Marks the element for a moment when `value` differs from what it showed before (not on first
 * show): an outline that fades, or, for people who asked for reduced motion, the same outline held
 * still and then removed. `{@attach flashOnChange(value)}`; the class is `wf-changed`.
 */
export function flashOnChange(value: unknown): Attachment<HTMLElement> {
	const key = JSON.stringify(value) ?? 'undefined';
	return (element) => {
		const before = shown.get(element);
		shown.set(element, key);
		if (before === undefined || before === key) return;
		element.classList.add('wf-changed');
		clearTimeout(clearing.get(element));
		clearing.set(
			element,
			setTimeout(() => element.classList.remove('wf-changed'), FLASH_MS)
		);
		if (!matchMedia('(prefers-reduced-motion: reduce)').matches) {
			element.animate([{ outlineColor: 'rgb(255 225 77 / 1)' }, { outlineColor: 'rgb(255 225 77 / 1)', offset: 0.4 }, { outlineColor: 'rgb(255 225 77 / 0)' }], { duration: FLASH_MS, easing: 'ease-out' });
		}
	};
}
