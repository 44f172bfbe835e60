import { z } from 'zod';

/**
 * The one way a date and time from a person or a machine (REST body, query string, CSV cell,
 * form field, socket command) is read.
 *
 * RFC 3339 only (zod checks it, the calendar included: no 30 February): a four-digit year,
 * seconds, and `Z` or an offset; no guessing by `Date.parse` at other formats. And a range per
 * field, because years 0–99 do not survive the trip: a timestamp read back from the database
 * goes through `new Date("0049-06-01 00:00:00+00")`, which makes 0049 2049, 0050 1950 and 0026 an
 * invalid date, and Postgres has no year 0. The value comes out as the API answers it
 * (`toISOString`, UTC), which is also the form the filters compare.
 */

export const DATETIME_MESSAGE = 'Needs a UTC date and time, e.g. 2026-01-06T14:30:00Z';

/** Nothing this system records happened before this: older is a mistyped year. */
const EARLIEST = Date.UTC(2000, 0, 1);
/** The first instant a filter may no longer name. */
const FILTER_END = Date.UTC(2100, 0, 1);
/** A reporter's clock may run this far ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

interface Range {
	/** Latest allowed instant, in ms; a function when it moves with the clock. */
	latest: () => number;
	tooEarly: string;
	tooLate: string;
}

function utcDateTime({ latest, tooEarly, tooLate }: Range) {
	return z.iso.datetime({ offset: true, error: DATETIME_MESSAGE }).transform((text, ctx) => {
		// Exact for what zod let through: V8 reads an RFC 3339 string with its four-digit year as written.
		const time = Date.parse(text);
		if (time < EARLIEST || time > latest()) {
			ctx.issues.push({ code: 'custom', message: time < EARLIEST ? tooEarly : tooLate, input: text });
			return z.NEVER;
		}
		return new Date(time).toISOString();
	});
}

/** When something in the field happened: from 2000 up to now (plus a little clock skew). */
export const ObservedAt = utcDateTime({
	latest: () => Date.now() + CLOCK_SKEW_MS,
	tooEarly: 'Observed before 2000: check the year',
	tooLate: 'Observed in the future'
});

const FILTER_RANGE = 'Needs a date and time from 2000 to 2099, e.g. 2026-01-06T14:30:00Z';

/** A bound of a time filter (`from`, `to`): within 2000–2099. */
export const FilterTime = utcDateTime({ latest: () => FILTER_END - 1, tooEarly: FILTER_RANGE, tooLate: FILTER_RANGE });
