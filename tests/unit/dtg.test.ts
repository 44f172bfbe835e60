import { describe, expect, it } from 'vitest';
import { dtg, isoUtc, zuluTime } from '$lib/client/format/dtg';

describe('dtg', () => {
	it.each([
		['2026-01-06T12:00:00Z', '061200ZJAN26'],
		['2026-01-06T00:00:00Z', '060000ZJAN26'],
		['2026-01-06T23:59:59.999Z', '062359ZJAN26'],
		['2026-02-01T07:05:00Z', '010705ZFEB26'],
		['2026-12-31T23:59:00Z', '312359ZDEC26'],
		['2027-01-01T00:00:00Z', '010000ZJAN27'],
		['2028-02-29T09:30:00Z', '290930ZFEB28'],
		['2100-03-09T10:00:00Z', '091000ZMAR00']
	])('%s → %s', (input, expected) => {
		expect(dtg(input)).toBe(expected);
	});

	it('converts an input with a UTC offset to Zulu, across a day, month and year boundary', () => {
		// 00:30 in Paris on New Year's Day is still 31 December in Zulu.
		expect(dtg('2027-01-01T00:30:00+01:00')).toBe('312330ZDEC26');
		expect(dtg('2026-03-31T22:15:00-05:00')).toBe('010315ZAPR26');
	});

	it('accepts a Date and epoch milliseconds', () => {
		const at = Date.UTC(2026, 0, 6, 12, 0, 0);
		expect(dtg(new Date(at))).toBe('061200ZJAN26');
		expect(dtg(at)).toBe('061200ZJAN26');
	});

	it('throws on an invalid date', () => {
		expect(() => dtg('not a date')).toThrow(RangeError);
		expect(() => dtg(new Date(Number.NaN))).toThrow(RangeError);
		expect(() => dtg('')).toThrow(RangeError);
	});
});

describe('isoUtc', () => {
	it('gives UTC to the second without milliseconds', () => {
		expect(isoUtc('2026-01-06T12:00:00.123Z')).toBe('2026-01-06T12:00:00Z');
		expect(isoUtc('2026-01-06T13:00:00+01:00')).toBe('2026-01-06T12:00:00Z');
	});

	it('throws on an invalid date', () => {
		expect(() => isoUtc('2026-13-45')).toThrow(RangeError);
	});
});

describe('zuluTime', () => {
	it('pads hours, minutes and seconds', () => {
		expect(zuluTime('2026-01-06T12:00:05Z')).toBe('12:00:05Z');
		expect(zuluTime('2026-01-06T00:00:00Z')).toBe('00:00:00Z');
		expect(zuluTime('2026-01-06T09:07:03+02:00')).toBe('07:07:03Z');
	});

	it('throws on an invalid date', () => {
		expect(() => zuluTime(Number.NaN)).toThrow(RangeError);
	});
});
