import { describe, expect, it } from 'vitest';
import { lastDays, rangeOf, rangeSearch } from '$lib/domain/cell/trend-range';
import { monthsOf, productionSeries } from '$lib/client/trends/production';
import { eventMarkers } from '$lib/client/trends/charts';
import type { NotableEvent } from '$lib/domain/cell/notable-events';

const TODAY = '2026-12-06';
const ask = (query: string) => rangeOf(new URLSearchParams(query), TODAY);

describe('the range the trends page shows', () => {
	it('is the last 30 days by default, and the last 7, 30 or 90 days by ?days=, today included', () => {
		expect(ask('').range).toEqual({ from: '2026-11-07', to: TODAY, days: 30 });
		expect(ask('days=7').range).toEqual({ from: '2026-11-30', to: TODAY, days: 7 });
		expect(ask('days=90').range).toEqual({ from: '2026-09-08', to: TODAY, days: 90 });
		expect(ask('days=7').problems).toEqual({});
	});

	it('is a custom range by ?from=&to=, which wins over days', () => {
		expect(ask('from=2026-01-01&to=2026-01-31&days=7')).toMatchObject({ range: { from: '2026-01-01', to: '2026-01-31', days: null }, problems: {} });
	});

	it('says what is wrong beside the field and shows the last 30 days instead', () => {
		const backwards = ask('from=2026-02-01&to=2026-01-01');
		expect(backwards.range).toEqual(lastDays(30, TODAY));
		expect(backwards.problems.from).toEqual(['Must not be after `to`']);
		expect(backwards.asked).toEqual({ from: '2026-02-01', to: '2026-01-01' });
		expect(ask('from=2024-01-01&to=2026-01-01').problems.from).toEqual(['At most 400 days at a time']);
		expect(ask('from=2026-02-30&to=2026-03-01').problems.from).toEqual(['Needs a date as YYYY-MM-DD']);
		expect(ask('from=2026-02-01').problems.to).toEqual(['Needs a date']);
		expect(ask('days=12').problems.days).toHaveLength(1);
	});

	it('is carried in the URL as it was asked: a preset stays relative, a custom range stays fixed', () => {
		expect(rangeSearch(ask('days=7').range)).toBe('days=7');
		expect(rangeSearch(ask('from=2026-01-01&to=2026-01-31').range)).toBe('from=2026-01-01&to=2026-01-31');
	});
});

describe('output against plan by month', () => {
	it('covers the months the range touches, at least six, across a year end', () => {
		expect(monthsOf({ from: '2026-11-30', to: '2026-12-06' })).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
		expect(monthsOf({ from: '2025-11-15', to: '2026-12-06' })).toHaveLength(14);
		expect(monthsOf({ from: '2026-01-01', to: '2026-02-01' }, 3)).toEqual(['2025-12', '2026-01', '2026-02']);
	});

	it('gives each programme its planned and actual output and the share of plan per month, and leaves out programmes with nothing in those months', () => {
		const series = productionSeries(
			[
				{ id: 'p1', title: 'Shells', unit: '155 mm rounds', plan: [{ month: '2026-11', quantity: 1000 }, { month: '2026-12', quantity: 2000 }], output: [{ month: '2026-11', quantity: 800 }] },
				{ id: 'p2', title: 'Old', unit: null, plan: [{ month: '2025-01', quantity: 5 }], output: [] }
			],
			['2026-11', '2026-12']
		);
		expect(series).toEqual([
			{
				id: 'p1',
				title: 'Shells',
				unit: '155 mm rounds',
				months: [
					{ month: '2026-11', planned: 1000, actual: 800, share: 0.8 },
					{ month: '2026-12', planned: 2000, actual: null, share: null }
				]
			}
		]);
	});
});

describe('key events on a chart', () => {
	const event = (seq: number, day: string): NotableEvent => ({ seq, at: `${day}T10:00:00.000Z`, day, kind: 'activation', title: 't', detail: 'd', link: null, releasableTo: 'coalition', exercise: false });

	it('are numbered lines on their day, stacked when they share one, and left out when their day is not on the axis', () => {
		const markers = eventMarkers(['2026-12-01', '2026-12-02', '2026-12-03'], [event(1, '2026-12-02'), event(2, '2026-12-02'), event(3, '2026-11-01')]);
		expect(Object.keys(markers)).toEqual(['event0', 'event1']);
		expect(markers.event0).toMatchObject({ type: 'line', value: 1, label: { content: '1', yAdjust: 0 } });
		expect(markers.event1).toMatchObject({ value: 1, label: { content: '2', yAdjust: 22 } });
	});
});
