import { CATEGORIES, NO_SECTOR, STATUSES, type Category, type Violation, type ViolationStatus } from '$lib/domain/ceasefire/violations';

export { NO_SECTOR };

/** What the desk filters the live reports by; the same choices shape the export links. */
export const TIME_WINDOWS = ['24h', '7d', '30d', 'all'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];

export const TIME_WINDOW_LABELS: Record<TimeWindow, string> = { '24h': 'Last 24 h', '7d': 'Last 7 days', '30d': 'Last 30 days', all: 'All time' };

const HOUR = 3600_000;
const WINDOW_MS: Record<Exclude<TimeWindow, 'all'>, number> = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR };

export interface ViolationFilters {
	window: TimeWindow;
	category: Category | '';
	status: ViolationStatus | '';
	/** A sector id, '' for any, or NO_SECTOR for reports outside every sector. */
	sector: string;
}

export const DEFAULT_FILTERS: ViolationFilters = Object.freeze({ window: '7d', category: '', status: '', sector: '' });

/** The earliest observation time a window keeps, or null for all time. */
export function windowStart(window: TimeWindow, now: Date): Date | null {
	return window === 'all' ? null : new Date(now.getTime() - WINDOW_MS[window]);
}

/** Reports that pass the filters, newest observation first. */
export function filterViolations(reports: readonly Violation[], filters: ViolationFilters, now: Date): Violation[] {
	const from = windowStart(filters.window, now)?.getTime() ?? -Infinity;
	return reports
		.filter((r) => {
			const observed = Date.parse(r.observedAt);
			if (!(observed >= from)) return false;
			if (filters.category && r.category !== filters.category) return false;
			if (filters.status && r.status !== filters.status) return false;
			if (filters.sector === NO_SECTOR) return r.sectorId === null;
			if (filters.sector && r.sectorId !== filters.sector) return false;
			return true;
		})
		.sort((a, b) => Date.parse(b.observedAt) - Date.parse(a.observedAt) || b.id.localeCompare(a.id));
}

/** The API query for the same filters, for the CSV and GeoJSON exports (`sector=none`: outside every sector). */
export function exportQuery(filters: ViolationFilters, now: Date): URLSearchParams {
	const query = new URLSearchParams();
	const from = windowStart(filters.window, now);
	// Rounded down to the minute: the link does not change with every tick of the clock.
	if (from) query.set('from', new Date(Math.floor(from.getTime() / 60_000) * 60_000).toISOString());
	if (filters.category) query.set('category', filters.category);
	if (filters.status) query.set('status', filters.status);
	if (filters.sector) query.set('sector', filters.sector);
	return query;
}

export function exportHref(format: 'csv' | 'geojson', filters: ViolationFilters, now: Date): string {
	const query = exportQuery(filters, now).toString();
	return `/api/v1/violations.${format}${query ? `?${query}` : ''}`;
}

/** Filters from a URL (e.g. a shared link); anything unknown falls back to the default. */
export function filtersFromQuery(params: URLSearchParams): ViolationFilters {
	const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T | ''): T | '' =>
		value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
	const sector = params.get('sector') ?? '';
	return {
		window: (pick(params.get('window'), TIME_WINDOWS, DEFAULT_FILTERS.window) || DEFAULT_FILTERS.window) as TimeWindow,
		category: pick(params.get('category'), CATEGORIES, ''),
		status: pick(params.get('status'), STATUSES, ''),
		sector: /^[a-z0-9-]{1,40}$/.test(sector) || sector === NO_SECTOR ? sector : ''
	};
}

/** The filters as URL parameters, leaving out defaults so a plain /ceasefire stays plain. */
export function filtersToQuery(filters: ViolationFilters): URLSearchParams {
	const query = new URLSearchParams();
	if (filters.window !== DEFAULT_FILTERS.window) query.set('window', filters.window);
	if (filters.category) query.set('category', filters.category);
	if (filters.status) query.set('status', filters.status);
	if (filters.sector) query.set('sector', filters.sector);
	return query;
}
