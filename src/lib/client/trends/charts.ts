import type { Chart, ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import type { SectorStatus } from '$lib/domain/ceasefire/sectors';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '$lib/domain/ceasefire/violations';
import type { NotableEvent } from '$lib/domain/cell/notable-events';
import type { Marking } from '$lib/domain/cell/sitrep';
import type { TrendDay } from '$lib/domain/cell/trends';
import { formatEur } from '$lib/domain/core/money';
import { DOMAIN_LABELS, DOMAINS, type Domain } from '$lib/domain/forces/units';
import { SECTOR_STATUS_COLOURS } from '../ceasefire/geo';
import type { ProgrammeSeries } from './production';

/**
 * Chart.js configurations of the /trends charts, built from the figures alone. Every label is plain
 * text drawn on the canvas (never HTML). The page says above each chart what it is and how it is
 * marked; an exported PNG, which leaves the page, carries both in its own title (pngOf).
 */

const THEME = { text: '#eef3f8', muted: '#a9bacd', grid: '#26364a', surface: '#101822', event: '#ffe14d' };

/** Nine categories told apart on a dark background (and from the event markers' yellow). */
export const CATEGORY_COLOURS: Record<Category, string> = {
	artillery: '#ff6b6b',
	mortar: '#ff9f43',
	'small-arms': '#c8d6e5',
	drone: '#6cc4ff',
	missile: '#d980fa',
	'air-incident': '#5ee6d0',
	'sea-incident': '#2e86de',
	'armour-movement': '#3ee08f',
	other: '#8395a7'
};
const SERIES_COLOURS = ['#6cc4ff', '#3ee08f', '#ff9f43', '#d980fa', '#5ee6d0', '#ff6b6b', '#c8d6e5'];

export interface Heading {
	title: string;
	marking: Marking;
	/** `2026-11-06 to 2026-12-05` */
	period: string;
}

/** The marking as the chart's subtitle: `CELL ONLY · EXERCISE · 2026-11-06 to 2026-12-05`. */
export const markingLine = (heading: Heading) => [heading.marking.label, ...(heading.marking.exercise ? ['EXERCISE'] : []), heading.period].join(' · ');

/** Fills the canvas before drawing: a PNG export has the screen's background, not a transparent one its dark-theme text vanishes on. */
export const BACKGROUND: Plugin = {
	id: 'watchfloorBackground',
	beforeDraw(chart) {
		const { ctx, width, height } = chart;
		ctx.save();
		ctx.globalCompositeOperation = 'destination-over';
		ctx.fillStyle = THEME.surface;
		ctx.fillRect(0, 0, width, height);
		ctx.restore();
	}
};

/**
 * The chart as a PNG data URL, with its title and marking drawn in: the image is read between two
 * redraws in one task, so the screen never shows the titled version.
 */
export function pngOf(chart: Chart): string {
	const { title, subtitle } = chart.options.plugins ?? {};
	if (!title || !subtitle) return chart.toBase64Image('image/png', 1);
	title.display = subtitle.display = true;
	chart.update('none');
	const png = chart.toBase64Image('image/png', 1);
	title.display = subtitle.display = false;
	chart.update('none');
	return png;
}

/**
 * The key events as numbered vertical lines on a daily axis; the list beside the chart says what each
 * number is. Events of one day are stacked so their numbers do not overlap.
 */
export function eventMarkers(dates: readonly string[], events: readonly NotableEvent[]): Record<string, AnnotationOptions> {
	const markers: Record<string, AnnotationOptions> = {};
	const onDay = new Map<string, number>();
	events.forEach((event, i) => {
		const index = dates.indexOf(event.day);
		if (index < 0) return;
		const stacked = onDay.get(event.day) ?? 0;
		onDay.set(event.day, stacked + 1);
		markers[`event${i}`] = {
			type: 'line',
			scaleID: 'x',
			value: index,
			borderColor: THEME.event,
			borderWidth: 1.5,
			borderDash: [4, 3],
			label: {
				display: true,
				content: String(i + 1),
				position: 'start',
				yAdjust: stacked * 22,
				backgroundColor: THEME.event,
				color: '#06121e',
				font: { weight: 'bold', size: 11 },
				padding: { x: 5, y: 2 },
				borderRadius: 3
			}
		};
	});
	return markers;
}

function baseOptions(heading: Heading, annotations: Record<string, AnnotationOptions>, yTitle: string) {
	const font = { size: 11 };
	return {
		responsive: true,
		maintainAspectRatio: false,
		animation: false as const,
		layout: { padding: 8 },
		interaction: { mode: 'index' as const, intersect: false },
		plugins: {
			title: { display: false, text: heading.title, color: THEME.text, font: { size: 14, weight: 'bold' as const }, align: 'start' as const },
			subtitle: { display: false, text: markingLine(heading), color: THEME.muted, font, align: 'start' as const, padding: { bottom: 8 } },
			legend: { position: 'bottom' as const, labels: { color: THEME.text, font, boxWidth: 12, boxHeight: 12 } },
			annotation: { annotations }
		},
		scales: {
			x: { ticks: { color: THEME.muted, font, maxRotation: 0, autoSkipPadding: 12 }, grid: { color: THEME.grid } },
			// Headroom over the highest value, where the event markers' numbers sit.
			y: { beginAtZero: true, grace: '12%', title: { display: true, text: yTitle, color: THEME.muted, font }, ticks: { color: THEME.muted, font }, grid: { color: THEME.grid } }
		}
	};
}

/** Bars stacked, counted in whole numbers. */
const stackedCounts = (options: ReturnType<typeof baseOptions>) => ({
	...options,
	scales: { x: { ...options.scales.x, stacked: true }, y: { ...options.scales.y, stacked: true, ticks: { ...options.scales.y.ticks, precision: 0 } } }
});

/** Categories with a report in the range, in the catalog's order: nine empty stacks would only clutter the legend. */
export const categoriesIn = (days: readonly TrendDay[]): Category[] => CATEGORIES.filter((c) => days.some((d) => d.violations.byCategory[c] > 0));

/** Violations reported per day, stacked by category, with the verified ones as a line over them. */
export function violationsChart(days: readonly TrendDay[], events: readonly NotableEvent[], heading: Heading): ChartConfiguration<'bar' | 'line'> {
	const labels = days.map((d) => d.date);
	const stacks: ChartDataset<'bar' | 'line'>[] = categoriesIn(days).map((category) => ({
		type: 'bar' as const,
		label: CATEGORY_LABELS[category],
		data: days.map((d) => d.violations.byCategory[category]),
		backgroundColor: CATEGORY_COLOURS[category],
		borderWidth: 0,
		stack: 'reported'
	}));
	const verified: ChartDataset<'bar' | 'line'> = { type: 'line', label: 'Verified', data: days.map((d) => d.violations.verified), borderColor: THEME.text, backgroundColor: THEME.text, borderWidth: 2, pointRadius: 2 };
	const options = baseOptions(heading, eventMarkers(labels, events), 'Reports');
	return { type: 'bar', data: { labels, datasets: [...stacks, verified] }, options: stackedCounts(options) };
}

/** Pledged and delivered, cumulative at the end of each day. */
export function supportChart(days: readonly TrendDay[], events: readonly NotableEvent[], heading: Heading): ChartConfiguration<'line'> {
	const labels = days.map((d) => d.date);
	const line = (label: string, colour: string, data: number[]) => ({ label, data, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0, stepped: true as const });
	const options = baseOptions(heading, eventMarkers(labels, events), 'EUR, cumulative');
	return {
		type: 'line',
		data: {
			labels,
			datasets: [line('Pledged', '#6cc4ff', days.map((d) => d.support.pledgedEur)), line('Delivered', '#3ee08f', days.map((d) => d.support.deliveredEur))]
		},
		options: { ...options, scales: { ...options.scales, y: { ...options.scales.y, ticks: { ...options.scales.y.ticks, callback: (value: string | number) => formatEur(Number(value)) } } } }
	};
}

/** A share 0–1 as a percentage with one decimal, for a chart's axis; null stays a gap. */
const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

/** A ready-share line: stepped (levels hold until the next change), and a day with units after days without is a single point that must show. */
const shareLine = (label: string, colour: string, data: (number | null)[], extra: Partial<ChartDataset<'line'>> = {}): ChartDataset<'line'> => ({
	label,
	data,
	borderColor: colour,
	backgroundColor: colour,
	borderWidth: 2,
	pointRadius: 2.5,
	stepped: true,
	...extra
});

function shareChart(days: readonly TrendDay[], events: readonly NotableEvent[], heading: Heading, datasets: ChartDataset<'line'>[]): ChartConfiguration<'line'> {
	const labels = days.map((d) => d.date);
	const options = baseOptions(heading, eventMarkers(labels, events), 'Ready (C1–C2), %');
	return { type: 'line', data: { labels, datasets }, options: { ...options, scales: { ...options.scales, y: { ...options.scales.y, max: 100 } } } };
}

/** The share of units at C1 or C2 at the end of each day (a gap where there were no units). */
export function readinessChart(days: readonly TrendDay[], events: readonly NotableEvent[], heading: Heading): ChartConfiguration<'line'> {
	return shareChart(days, events, heading, [shareLine('Ready share', '#5ee6d0', days.map((d) => percent(d.forces.readyShare)))]);
}

/** Each domain its colour, its dash and its point shape: told apart without colour too (and named in the legend). */
const DOMAIN_STYLE: Record<Domain, { colour: string; dash: number[]; point: 'circle' | 'rect' | 'triangle' }> = {
	air: { colour: '#6cc4ff', dash: [], point: 'circle' },
	sea: { colour: '#d980fa', dash: [8, 4], point: 'rect' },
	land: { colour: '#ff9f43', dash: [2, 3], point: 'triangle' }
};

/** The domains with a unit on some day of the range: an empty domain's line would be all gap. */
export const domainsIn = (days: readonly TrendDay[]): Domain[] => DOMAINS.filter((domain) => days.some((d) => (d.forces.byDomain?.[domain].units ?? 0) > 0));

/** The share of units ready per domain at the end of each day (`include=domains`). */
export function domainReadinessChart(days: readonly TrendDay[], events: readonly NotableEvent[], heading: Heading): ChartConfiguration<'line'> {
	return shareChart(
		days,
		events,
		heading,
		domainsIn(days).map((domain) => {
			const style = DOMAIN_STYLE[domain];
			return shareLine(DOMAIN_LABELS[domain], style.colour, days.map((d) => percent(d.forces.byDomain?.[domain].readyShare ?? null)), { borderDash: style.dash, pointStyle: style.point, pointRadius: 3.5 });
		})
	);
}

/** The statuses as stacked, worst at the bottom where the eye starts. */
export const DAILY_SECTOR_STATUSES: readonly SectorStatus[] = ['violated', 'tense', 'holding', 'unknown'];
export const DAILY_SECTOR_LABELS: Record<SectorStatus, string> = { violated: 'Violated', tense: 'Tense', holding: 'Holding', unknown: 'Unknown (not monitored)' };

/** Each status but holding is also hatched, so the stacks read in grey print and for colour-blind eyes. */
const SECTOR_HATCH: Record<SectorStatus, 'cross' | 'diagonal' | 'dots' | null> = { violated: 'cross', tense: 'diagonal', holding: null, unknown: 'dots' };

const patterns = new Map<string, CanvasPattern | string>();

/** The status's fill: its colour, hatched in the surface colour. Made when the chart is drawn (a canvas exists only in the browser). */
function sectorFill(status: SectorStatus): CanvasPattern | string {
	const colour = SECTOR_STATUS_COLOURS[status];
	const hatch = SECTOR_HATCH[status];
	if (!hatch || typeof document === 'undefined') return colour;
	const made = patterns.get(status);
	if (made) return made;
	const tile = document.createElement('canvas');
	tile.width = tile.height = 8;
	const ctx = tile.getContext('2d')!;
	ctx.fillStyle = colour;
	ctx.fillRect(0, 0, 8, 8);
	ctx.strokeStyle = ctx.fillStyle = THEME.surface;
	ctx.lineWidth = 1.5;
	if (hatch === 'dots') {
		ctx.beginPath();
		ctx.arc(4, 4, 1.5, 0, 2 * Math.PI);
		ctx.fill();
	} else {
		ctx.beginPath();
		ctx.moveTo(0, 8);
		ctx.lineTo(8, 0);
		if (hatch === 'cross') {
			ctx.moveTo(0, 0);
			ctx.lineTo(8, 8);
		}
		ctx.stroke();
	}
	const pattern = ctx.createPattern(tile, 'repeat') ?? colour;
	patterns.set(status, pattern);
	return pattern;
}

/** How many sectors had each status per day (`include=sectors`), stacked. */
export function sectorStatusChart(days: readonly TrendDay[], events: readonly NotableEvent[], heading: Heading): ChartConfiguration<'bar'> {
	const labels = days.map((d) => d.date);
	const options = baseOptions(heading, eventMarkers(labels, events), 'Sectors');
	return {
		type: 'bar',
		data: {
			labels,
			datasets: DAILY_SECTOR_STATUSES.map((status) => ({
				label: DAILY_SECTOR_LABELS[status],
				data: days.map((d) => d.sectors?.[status] ?? 0),
				// Scriptable: resolved as the chart draws, in the browser.
				backgroundColor: () => sectorFill(status),
				borderColor: SECTOR_STATUS_COLOURS[status],
				borderWidth: 1,
				stack: 'sectors'
			}))
		},
		options: stackedCounts(options)
	};
}

/** Each programme's output as a share of its plan, month by month: programmes count different things, shares compare. */
export function productionChart(series: readonly ProgrammeSeries[], months: readonly string[], heading: Heading): ChartConfiguration<'line'> {
	const planLine: AnnotationOptions = { type: 'line', scaleID: 'y', value: 100, borderColor: THEME.muted, borderWidth: 1, borderDash: [6, 4], label: { display: true, content: 'Plan', position: 'end', color: THEME.text, backgroundColor: THEME.grid, font: { size: 11 } } };
	const options = baseOptions(heading, { plan: planLine }, 'Output, % of plan');
	return {
		type: 'line',
		data: {
			labels: [...months],
			datasets: series.map((programme, i) => {
				const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
				return { label: programme.title, data: programme.months.map((m) => m.share === null ? null : Math.round(m.share * 1000) / 10), borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 3 };
			})
		},
		options
	};
}
