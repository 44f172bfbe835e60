import { describe, expect, it } from 'vitest';
import { DATETIME_MESSAGE, FilterTime, ObservedAt } from '$lib/domain/core/datetime';

const messages = (schema: typeof ObservedAt, value: unknown) => {
	const result = schema.safeParse(value);
	return result.success ? [] : result.error.issues.map((i) => i.message);
};
const FILTER_RANGE = 'Needs a date and time from 2000 to 2099, e.g. 2026-01-06T14:30:00Z';

describe('ObservedAt: when a report says something happened', () => {
	it.each([
		['2026-01-06T14:30:00Z', '2026-01-06T14:30:00.000Z'],
		['2026-01-06T14:30:00.5Z', '2026-01-06T14:30:00.500Z'],
		['2026-01-06T01:00:00+02:00', '2026-01-05T23:00:00.000Z'],
		['2024-02-29T00:00:00-05:30', '2024-02-29T05:30:00.000Z'],
		['2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z']
	])('reads %s as %s (UTC, as the API shows it)', (text, stored) => {
		expect(ObservedAt.parse(text)).toBe(stored);
	});

	it.each(['0049-06-01T00:00:00Z', '0050-06-01T00:00:00Z', '0026-12-06T12:00:00Z', '0000-01-01T00:00:00Z', '0099-12-31T23:59:59Z', '1999-12-31T23:59:59Z', '2000-01-01T01:00:00+02:00'])(
		'refuses %s, before 2000, with a field message rather than shifting its century',
		(text) => {
			expect(messages(ObservedAt, text)).toEqual(['Observed before 2000: check the year']);
		}
	);

	it('refuses a time in the future, also one a two-digit year would have made 2049', () => {
		expect(messages(ObservedAt, new Date(Date.now() + 3600_000).toISOString())).toEqual(['Observed in the future']);
		expect(messages(ObservedAt, '2049-06-01T00:00:00Z')).toEqual(['Observed in the future']);
	});

	it.each([
		'49-06-01T00:00:00Z',
		'+002026-01-06T14:30:00Z',
		'2026-01-06',
		'2026-01-06T14:30Z',
		'2026-01-06 14:30:00Z',
		'2026-01-06T14:30:00',
		'2026-02-30T00:00:00Z',
		'2026-13-01T00:00:00Z',
		'2026-01-06T24:00:00Z',
		'06/01/2026',
		'June 1, 2026',
		'yesterday',
		'',
		1767709800000,
		null
	])('refuses %j: not an RFC 3339 date and time', (value) => {
		expect(messages(ObservedAt, value)).toEqual([DATETIME_MESSAGE]);
	});
});

describe('FilterTime: a bound of a time filter', () => {
	it('takes 2000 to 2099, as UTC', () => {
		expect(FilterTime.parse('2000-01-01T00:00:00Z')).toBe('2000-01-01T00:00:00.000Z');
		expect(FilterTime.parse('2099-12-31T23:59:59.999Z')).toBe('2099-12-31T23:59:59.999Z');
		expect(FilterTime.parse('2030-06-01T12:00:00+01:00')).toBe('2030-06-01T11:00:00.000Z');
	});

	it.each(['0000-01-01T00:00:00Z', '0049-06-01T00:00:00Z', '1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])('refuses %s with the range it takes', (text) => {
		expect(messages(FilterTime, text)).toEqual([FILTER_RANGE]);
	});

	it('refuses what is not a date and time', () => {
		expect(messages(FilterTime, '2026-01-06')).toEqual([DATETIME_MESSAGE]);
	});
});
