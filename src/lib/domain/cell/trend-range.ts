import { CalendarDate, daysBetween, utcDay } from '../core/dates';
import { TrendsQuery } from './trends';

/**
 * The range the /trends page shows, as its URL carries it (so it works without scripts and can be
 * bookmarked): `?days=7|30|90` for the last so many days up to today, which stays relative when
 * bookmarked, or `?from=YYYY-MM-DD&to=YYYY-MM-DD` for a fixed range. Nothing, or something that
 * cannot be read, shows the last 30 days (and says what was wrong).
 */

export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = 30;

export interface TrendRange {
	from: string;
	to: string;
	/** The preset it is, or null for a custom range. */
	days: RangePreset | null;
}

export interface RangeRequest {
	range: TrendRange;
	/** What was asked for and could not be shown, by field (`from`, `to`, `days`). */
	problems: Record<string, string[]>;
	/** The custom dates as typed, to show again next to their problems. */
	asked: { from: string; to: string };
}

const DAY_MS = 86_400_000;

/** The last `days` days, today included. */
export function lastDays(days: RangePreset, today: string): TrendRange {
	return { from: utcDay(new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY_MS)), to: today, days };
}

export function rangeOf(params: URLSearchParams, today: string): RangeRequest {
	const asked = { from: params.get('from') ?? '', to: params.get('to') ?? '' };
	if (asked.from || asked.to) {
		const problems: Record<string, string[]> = {};
		for (const field of ['from', 'to'] as const) {
			if (!asked[field]) problems[field] = ['Needs a date'];
			else if (!CalendarDate.safeParse(asked[field]).success) problems[field] = ['Needs a date as YYYY-MM-DD'];
		}
		if (!Object.keys(problems).length) {
			const parsed = TrendsQuery.safeParse(asked);
			if (parsed.success) return { range: { from: parsed.data.from, to: parsed.data.to, days: null }, problems, asked };
			for (const issue of parsed.error.issues) (problems[String(issue.path[0] ?? 'from')] ??= []).push(issue.message);
		}
		return { range: lastDays(DEFAULT_PRESET, today), problems, asked };
	}
	const days = params.get('days');
	const preset = RANGE_PRESETS.find((d) => String(d) === days);
	if (days !== null && !preset) return { range: lastDays(DEFAULT_PRESET, today), problems: { days: [`One of ${RANGE_PRESETS.join(', ')}`] }, asked };
	return { range: lastDays(preset ?? DEFAULT_PRESET, today), problems: {}, asked };
}

/** The query string that shows this range again: the preset if it is one, else its dates. */
export function rangeSearch(range: Pick<TrendRange, 'from' | 'to' | 'days'>): string {
	return range.days ? `days=${range.days}` : `from=${range.from}&to=${range.to}`;
}

/** How many days the range holds (both ends counted). */
export const rangeLength = (range: Pick<TrendRange, 'from' | 'to'>) => daysBetween(range.from, range.to) + 1;
