import { CATEGORY_LABELS, STATUS_LABELS, type Violation } from '$lib/domain/ceasefire/violations';
import { dtg } from '$lib/client/format/dtg';
import { markerLook, shapePath, type MarkerLook } from '$lib/client/ceasefire/geo';
import { el } from './dom';

/* The ceasefire layer's markers, tooltips and labels, built as dom.ts says: user text through textContent only. */

const SVG = 'http://www.w3.org/2000/svg';

export function shapeSvg(look: MarkerLook, selected = false): SVGSVGElement {
	const svg = document.createElementNS(SVG, 'svg');
	svg.setAttribute('viewBox', '-6 -6 112 112');
	svg.setAttribute('width', String(look.size));
	svg.setAttribute('height', String(look.size));
	svg.setAttribute('aria-hidden', 'true');
	svg.setAttribute('focusable', 'false');
	if (selected) {
		const halo = document.createElementNS(SVG, 'path');
		halo.setAttribute('d', shapePath(look.shape));
		halo.setAttribute('fill', 'none');
		halo.setAttribute('stroke', '#ffe14d');
		halo.setAttribute('stroke-width', '26');
		svg.appendChild(halo);
	}
	const path = document.createElementNS(SVG, 'path');
	path.setAttribute('d', shapePath(look.shape));
	path.setAttribute('stroke-linejoin', 'round');
	if (look.fill === 'solid') {
		path.setAttribute('fill', look.colour);
		path.setAttribute('stroke', '#0b0f14');
		path.setAttribute('stroke-width', '8');
	} else if (look.fill === 'hollow') {
		path.setAttribute('fill', '#0b0f14');
		path.setAttribute('fill-opacity', '0.75');
		path.setAttribute('stroke', look.colour);
		path.setAttribute('stroke-width', '14');
	} else {
		path.setAttribute('fill', look.colour);
		path.setAttribute('fill-opacity', '0.25');
		path.setAttribute('stroke', look.colour);
		path.setAttribute('stroke-width', '8');
		path.setAttribute('stroke-dasharray', '14 10');
	}
	svg.appendChild(path);
	if (look.fill === 'hollow') {
		const dot = document.createElementNS(SVG, 'circle');
		dot.setAttribute('cx', '50');
		dot.setAttribute('cy', look.shape === 'triangle' ? '62' : '52');
		dot.setAttribute('r', '11');
		dot.setAttribute('fill', look.colour);
		svg.appendChild(dot);
	}
	return svg;
}

/** How a report is named to a screen reader, and in the marker's hidden label. */
export function reportName(report: Violation): string {
	let when = 'time unknown';
	try {
		when = dtg(report.observedAt);
	} catch {
		// keep the placeholder
	}
	return `${report.severity} ${CATEGORY_LABELS[report.category] ?? report.category} report, ${STATUS_LABELS[report.status] ?? report.status}, ${when}`;
}

export function markerElement(report: Violation, selected: boolean): HTMLElement {
	const wrap = el('span', 'wf-marker-shape');
	wrap.appendChild(shapeSvg(markerLook(report.severity, report.status), selected));
	wrap.appendChild(el('span', 'sr-only', reportName(report)));
	return wrap;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The hover tooltip of a marker: what, when, how bad, where it stands, and the start of the description. */
export function reportTooltip(report: Violation, sectorName: string | null): HTMLElement {
	const box = el('div', 'wf-tip');
	const head = el('div', 'wf-tip-head');
	head.appendChild(el('strong', undefined, CATEGORY_LABELS[report.category] ?? report.category));
	head.appendChild(el('span', `wf-tip-sev sev-${report.severity}`, report.severity.toUpperCase()));
	box.appendChild(head);
	let when = '';
	try {
		when = dtg(report.observedAt);
	} catch {
		when = 'time unknown';
	}
	box.appendChild(el('div', 'wf-tip-meta', `${when} · ${STATUS_LABELS[report.status] ?? report.status}${sectorName ? ` · ${sectorName}` : ''}`));
	box.appendChild(el('div', 'wf-tip-text', clip(report.description, 140)));
	return box;
}

export function sectorLabel(name: string, status: string): HTMLElement {
	const box = el('div', 'wf-sector-label');
	box.appendChild(el('span', 'wf-sector-name', name));
	box.appendChild(el('span', 'wf-sector-status', status));
	return box;
}

export function clusterElement(count: number, tone: 'confirmed' | 'open' | 'settled'): HTMLElement {
	const box = el('div', `wf-cluster tone-${tone}`);
	box.appendChild(el('span', undefined, String(count)));
	return box;
}
