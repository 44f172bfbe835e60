const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

export type TimeInput = Date | string | number;

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(input: TimeInput): Date {
	const date = input instanceof Date ? input : new Date(input);
	// A bad timestamp must never render as "NaNNaNZ" on an ops-room wall.
	if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid date: ${String(input)}`);
	return date;
}

/** Military date-time group in Zulu: `DDHHMMZMONYY`, e.g. 2026-01-06T12:00:00Z → `061200ZJAN26`. */
export function dtg(input: TimeInput): string {
	const d = toDate(input);
	const year = pad(d.getUTCFullYear() % 100);
	return `${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z${MONTHS[d.getUTCMonth()]}${year}`;
}

/** ISO 8601 in UTC to the second, e.g. `2026-01-06T12:00:00Z` (for `title` and `<time datetime>`). */
export function isoUtc(input: TimeInput): string {
	return toDate(input).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Time of day in Zulu, e.g. `12:00:05Z`. */
export function zuluTime(input: TimeInput): string {
	const d = toDate(input);
	return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

/** Hours and minutes in Zulu without a separator, as officers write a time of day: `0412Z`. */
export function zuluHourMinute(input: TimeInput): string {
	const d = toDate(input);
	return `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}
