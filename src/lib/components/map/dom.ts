/*
 * DOM for Leaflet markers, tooltips and labels. Everything a user typed goes in through
 * textContent, never through an HTML string: Leaflet puts string content in with innerHTML.
 */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

export function plainLabel(text: string, className = 'wf-place'): HTMLElement {
	return el('span', className, text);
}
