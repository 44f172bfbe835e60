import type { Chart } from 'chart.js';

/**
 * What the support charts share: the ops-room theme's colours as canvas needs them (CSS variables do
 * not reach a canvas), and Chart.js loaded only once a chart is on screen.
 */
export const CHART_COLOURS = {
	text: '#eef3f8',
	muted: '#a9bacd',
	grid: '#26364a',
	delivered: '#3ee08f',
	outstanding: '#3d5370',
	line: '#6cc4ff'
} as const;

/** Every chart here: fills its box, drawn at once (a wall redraws often; motion would only distract). */
export const STILL_AND_FITTED = { responsive: true, maintainAspectRatio: false, animation: false } as const;

/** A legend in the theme's text colour, small square keys. */
export function legendOf(font: { family: string; size: number }) {
	return { position: 'top', align: 'end', labels: { color: CHART_COLOURS.text, font, boxWidth: 12, boxHeight: 12 } } as const;
}

/**
 * Creates a chart after the component mounted; `create` gets whether the component still lives after
 * Chart.js has loaded, so a chart is never drawn on a canvas that has gone. Returns the destroyer for
 * onMount; `ready` hands the chart to the component (and null once it is destroyed).
 */
export function mountChart<C extends Chart>(create: (alive: () => boolean) => Promise<C | null>, ready: (chart: C | null) => void): () => void {
	let alive = true;
	let chart: C | null = null;
	void create(() => alive).then((made) => {
		chart = made;
		if (alive) ready(made);
	});
	return () => {
		alive = false;
		chart?.destroy();
		ready(null);
	};
}

/** The canvas's font as the page sets it, at a size. */
export function fontOf(canvas: HTMLCanvasElement, size = 11): { family: string; size: number } {
	return { family: getComputedStyle(canvas).fontFamily, size };
}

/** New figures for a chart already drawn: each dataset's data in order, the labels when it has them; no animation. */
export function redraw<C extends Chart>(chart: C, series: readonly C['data']['datasets'][number]['data'][], labels?: readonly unknown[]): void {
	if (labels) chart.data.labels = [...labels];
	series.forEach((data, i) => {
		const dataset = chart.data.datasets[i];
		if (dataset) dataset.data = data;
	});
	chart.update('none');
}
