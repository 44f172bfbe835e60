import { DOMAIN_LABELS, MISSION_LABELS, READINESS_LABELS, type Unit } from '$lib/domain/forces/units';
import { dtg } from '$lib/client/format/dtg';
import { nationLabel } from '$lib/client/format/nations';
import type { SymbolImage } from '$lib/client/forces/symbols';
import { el } from './dom';

/* The unit layer's markers, tooltips and clusters, built as dom.ts says: user text through textContent only. */

/** How a unit is named to a screen reader, and in the marker's hidden label. */
export function unitName(unit: Unit): string {
	return `${unit.name}, ${nationLabel(unit.nation)}, ${READINESS_LABELS[unit.readiness] ?? unit.readiness}`;
}

/** The unit's symbol (an image of milsymbol's SVG, which holds no user text) with its readiness beside it in words. */
export function unitMarkerElement(unit: Unit, image: SymbolImage): HTMLElement {
	const box = el('span', `wf-unit readiness-${unit.readiness}`);
	const img = document.createElement('img');
	img.className = 'wf-unit-symbol';
	img.src = image.src;
	img.width = Math.round(image.width);
	img.height = Math.round(image.height);
	// The label below names the unit; the symbol repeats it for the eye.
	img.alt = '';
	box.append(img, el('span', 'wf-unit-level', unit.readiness), el('span', 'sr-only', unitName(unit)));
	return box;
}

export function unitTooltip(unit: Unit): HTMLElement {
	const box = el('div', 'wf-unit-tip');
	box.appendChild(el('strong', 'wf-unit-tip-name', unit.name));
	box.appendChild(el('div', 'wf-tip-meta', `${nationLabel(unit.nation)} · ${DOMAIN_LABELS[unit.domain] ?? unit.domain} · ${MISSION_LABELS[unit.mission] ?? unit.mission}`));
	const level = el('div', `wf-unit-tip-level readiness-${unit.readiness}`, READINESS_LABELS[unit.readiness] ?? unit.readiness);
	if (unit.noticeToMoveHours !== null) level.appendChild(el('span', 'wf-tip-meta', ` · notice to move ${unit.noticeToMoveHours} h`));
	box.appendChild(level);
	let since = 'time unknown';
	try {
		since = dtg(unit.readinessChangedAt);
	} catch {
		// keep the placeholder
	}
	box.appendChild(el('div', 'wf-tip-meta', `since ${since}${unit.lastReport ? `: ${unit.lastReport.reason}` : ''}`));
	return box;
}

/** A cluster says how many units it holds and how many of them are ready, in words. */
export function unitClusterElement(units: number, ready: number): HTMLElement {
	const box = el('div', 'wf-unit-cluster');
	box.appendChild(el('span', 'wf-unit-cluster-count', String(units)));
	box.appendChild(el('span', 'wf-unit-cluster-ready', `${ready} ready`));
	return box;
}
