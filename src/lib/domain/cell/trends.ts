import { z } from 'zod';
import { CATEGORIES, CONFIRMED, type Category, type Violation } from '../ceasefire/violations';
import { CalendarDate, daysBetween, utcDay } from '../core/dates';
import { toCents } from '../core/money';
import type { Releasability } from '../core/releasability';
import type { Unit } from '../forces/units';
import { isReady } from '../forces/units';
import type { Delivery } from '../support/deliveries';
import type { Pledge } from '../support/pledges';

/**
 * Leadership's daily trends (DESIGN.md → Trends): what each record contributes to which day's
 * figures. A change adds the record's contributions as it is and takes away those as it was, so the
 * rollups kept in the write's transaction and a replay of the event log agree by construction.
 */

/** Counted on the day the record names (observed, announced, delivered). */
export const DAILY = ['violations.reported', 'violations.verified'] as const;
/** Levels: booked on a day, summed over every day up to the one read (cumulative). */
export const LEVELS = ['support.pledgedCents', 'support.deliveredCents', 'forces.units', 'forces.ready'] as const;
export type Metric = (typeof DAILY)[number] | (typeof LEVELS)[number];

export interface Contribution {
	day: string;
	metric: Metric;
	/** A breakdown (the violation category), or ''. */
	key: string;
	releasableTo: Releasability;
	value: number;
}

/** The collections whose records move trends. */
export const TREND_COLLECTIONS: ReadonlySet<string> = new Set(['violations', 'pledges', 'deliveries', 'units']);

/**
 * What one record, as it is, contributes. `changedOn` is the day of the change (for levels that
 * follow the record's state over time, such as a unit's readiness).
 */
export function contributions(collection: string, record: Record<string, unknown> | null, changedOn: string): Contribution[] {
	if (!record) return [];
	const releasableTo = record.releasableTo as Releasability;
	const one = (day: string, metric: Metric, value: number, key = ''): Contribution => ({ day, metric, key, releasableTo, value });
	switch (collection) {
		case 'violations': {
			const report = record as unknown as Violation;
			const day = report.observedAt.slice(0, 10);
			return [one(day, 'violations.reported', 1, report.category), ...(CONFIRMED.has(report.status) ? [one(day, 'violations.verified', 1, report.category)] : [])];
		}
		case 'pledges': {
			const pledge = record as unknown as Pledge;
			return pledge.valueEur ? [one(pledge.announcedOn, 'support.pledgedCents', toCents(pledge.valueEur))] : [];
		}
		case 'deliveries': {
			const delivery = record as unknown as Delivery;
			return delivery.status === 'delivered' && delivery.deliveredOn && delivery.valueEur ? [one(delivery.deliveredOn, 'support.deliveredCents', toCents(delivery.valueEur))] : [];
		}
		case 'units': {
			const unit = record as unknown as Unit;
			return [one(changedOn, 'forces.units', 1), ...(isReady(unit.readiness) ? [one(changedOn, 'forces.ready', 1)] : [])];
		}
		default:
			return [];
	}
}

/** A change as rollup moves: the record's contributions now, minus those it had before. */
export function rollupDelta(collection: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null, changedOn: string): Contribution[] {
	return [...contributions(collection, after, changedOn), ...contributions(collection, before, changedOn).map((c) => ({ ...c, value: -c.value }))];
}

export interface TrendDay {
	date: string;
	violations: { reported: number; verified: number; byCategory: Record<Category, number> };
	/** Cumulative at the end of the day. */
	support: { pledgedEur: number; deliveredEur: number };
	/** At the end of the day: C1 + C2 over all units; null with none. */
	forces: { readyShare: number | null };
}

export const MAX_TREND_DAYS = 400;

/** `?from=&to=` as they arrive (the OpenAPI document shows these). */
export const TrendsRange = z.strictObject({ from: CalendarDate.optional(), to: CalendarDate.optional() });

/** The range, the last 30 days by default, checked. */
export const TrendsQuery = TrendsRange.transform(({ from, to }, ctx) => {
		const end = to ?? utcDay(new Date());
		const start = from ?? utcDay(new Date(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000));
		if (start > end) ctx.addIssue({ code: 'custom', message: 'Must not be after `to`', path: ['from'] });
		else if (daysBetween(start, end) >= MAX_TREND_DAYS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_TREND_DAYS} days at a time`, path: ['from'] });
		return { from: start, to: end };
	});
export type TrendsQuery = z.output<typeof TrendsQuery>;

export const emptyCategories = (): Record<Category, number> => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

/** Every day from `from` to `to`, inclusive. */
export function daysFrom(from: string, to: string): string[] {
	const days: string[] = [];
	for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(utcDay(new Date(t)));
	return days;
}
