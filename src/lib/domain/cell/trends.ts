import { z } from 'zod';
import { SECTOR_STATUSES, type Sector, type SectorStatus } from '../ceasefire/sectors';
import { CATEGORIES, CONFIRMED, OPEN_INVESTIGATION, type Category, type Violation } from '../ceasefire/violations';
import { CalendarDate, daysBetween, utcDay } from '../core/dates';
import { toCents } from '../core/money';
import type { Releasability } from '../core/releasability';
import { isReady, type Domain, type Unit } from '../forces/units';
import type { Delivery } from '../support/deliveries';
import type { Pledge } from '../support/pledges';

/**
 * Leadership's daily trends (DESIGN.md → Trends): what each record contributes to which day's
 * figures. A change adds the record's contributions as it is and takes away those as it was, so the
 * rollups kept in the write's transaction and a replay of the event log agree by construction.
 */

/**
 * Per sector (key: the sector's id), on the day a report was observed in it: every report, those
 * confirmed, those awaiting verification (as the reports are now); and its check-ins, on their day.
 */
export const SECTOR_DAILY = ['sectors.reports', 'sectors.confirmed', 'sectors.pending', 'sectors.checkIns'] as const;
/** Counted on the day the record names (observed, announced, delivered, checked in). */
export const DAILY = ['violations.reported', 'violations.verified', ...SECTOR_DAILY] as const;
/** Levels: booked on a day, summed over every day up to the one read (cumulative). Units are keyed by their domain. */
export const LEVELS = ['support.pledgedCents', 'support.deliveredCents', 'forces.units', 'forces.ready'] as const;
export type Metric = (typeof DAILY)[number] | (typeof LEVELS)[number];
export type LevelMetric = (typeof LEVELS)[number];
export type SectorMetric = (typeof SECTOR_DAILY)[number];

export interface Contribution {
	day: string;
	metric: Metric;
	/** A breakdown (the violation category, the sector, the unit's domain), or ''. */
	key: string;
	releasableTo: Releasability;
	value: number;
}

/** The collections whose records move trends. */
export const TREND_COLLECTIONS: ReadonlySet<string> = new Set(['violations', 'pledges', 'deliveries', 'units', 'sectors']);

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
			const confirmed = CONFIRMED.has(report.status);
			const inSector = report.sectorId
				? [
						one(day, 'sectors.reports', 1, report.sectorId),
						...(confirmed ? [one(day, 'sectors.confirmed', 1, report.sectorId)] : OPEN_INVESTIGATION.has(report.status) ? [one(day, 'sectors.pending', 1, report.sectorId)] : [])
					]
				: [];
			return [one(day, 'violations.reported', 1, report.category), ...(confirmed ? [one(day, 'violations.verified', 1, report.category)] : []), ...inSector];
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
			return [one(changedOn, 'forces.units', 1, unit.domain), ...(isReady(unit.readiness) ? [one(changedOn, 'forces.ready', 1, unit.domain)] : [])];
		}
		default:
			return [];
	}
}

/**
 * What a change counts once, when it happens, and no later change takes back: a sector's check-in
 * (its record keeps only the last one, so a state difference would move the earlier one away).
 * Decided by the change alone (the record before and after), so a replay of the log counts the same.
 */
function happenings(collection: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): Contribution[] {
	if (collection !== 'sectors' || !after) return [];
	const sector = after as unknown as Sector;
	if (!sector.lastCheckInAt || sector.lastCheckInAt === before?.lastCheckInAt) return [];
	return [{ day: sector.lastCheckInAt.slice(0, 10), metric: 'sectors.checkIns', key: sector.id, releasableTo: sector.releasableTo, value: 1 }];
}

/** A change as rollup moves: the record's contributions now, minus those it had before, plus what happened in it. */
export function rollupDelta(collection: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null, changedOn: string): Contribution[] {
	return [
		...contributions(collection, after, changedOn),
		...contributions(collection, before, changedOn).map((c) => ({ ...c, value: -c.value })),
		...happenings(collection, before, after)
	];
}

/** One sector's figures for one day, over the reports and check-ins the reader may count. */
export type SectorDayFigures = Record<SectorMetric, number>;

/**
 * A sector's status for one UTC day, after deriveSectorStatus (sectors.ts) as far as daily figures
 * allow: violated with a confirmed violation observed in it that day, else tense with a report of
 * that day still awaiting verification, else holding when monitors reported on it that day (a
 * check-in or any report), else unknown. Reports count with their status now; overrides do not count.
 */
export function sectorDayStatus(figures: Partial<SectorDayFigures> | undefined): SectorStatus {
	if (!figures) return 'unknown';
	if ((figures['sectors.confirmed'] ?? 0) > 0) return 'violated';
	if ((figures['sectors.pending'] ?? 0) > 0) return 'tense';
	if ((figures['sectors.reports'] ?? 0) > 0 || (figures['sectors.checkIns'] ?? 0) > 0) return 'holding';
	return 'unknown';
}

/** How many of these sectors had each status on a day, from their figures of that day (a sector without any: unknown). */
export function sectorsByStatus(sectorIds: readonly string[], figuresOf: (sectorId: string) => Partial<SectorDayFigures> | undefined): Record<SectorStatus, number> {
	const counts = Object.fromEntries(SECTOR_STATUSES.map((s) => [s, 0])) as Record<SectorStatus, number>;
	for (const id of sectorIds) counts[sectorDayStatus(figuresOf(id))]++;
	return counts;
}

export interface DomainReadiness {
	units: number;
	ready: number;
	/** ready / units; null with no units. */
	readyShare: number | null;
}

export const readinessOf = (units: number, ready: number): DomainReadiness => ({ units, ready, readyShare: units > 0 ? ready / units : null });

export interface TrendDay {
	date: string;
	violations: { reported: number; verified: number; byCategory: Record<Category, number> };
	/** Cumulative at the end of the day. */
	support: { pledgedEur: number; deliveredEur: number };
	/** At the end of the day: C1 + C2 over all units; null with none. `byDomain` only when asked for (`include=domains`). */
	forces: { readyShare: number | null; byDomain?: Record<Domain, DomainReadiness> };
	/** Only when asked for (`include=sectors`): how many of the sectors the reader may see had each status that day. */
	sectors?: Record<SectorStatus, number>;
}

/** The breakdowns `GET /api/v1/trends` adds on request (`?include=sectors,domains`); without, the answer is the contract's shape exactly. */
export const TREND_BREAKDOWNS = ['sectors', 'domains'] as const;
export type TrendBreakdown = (typeof TREND_BREAKDOWNS)[number];
const BREAKDOWN_LIST = new RegExp(`^(${TREND_BREAKDOWNS.join('|')})(,(${TREND_BREAKDOWNS.join('|')}))*$`);

export const MAX_TREND_DAYS = 400;

/** `?from=&to=&include=` as they arrive (the OpenAPI document shows these). */
export const TrendsRange = z.strictObject({
	from: CalendarDate.optional(),
	to: CalendarDate.optional(),
	include: z
		.string()
		.regex(BREAKDOWN_LIST, `A comma-separated list of ${TREND_BREAKDOWNS.join(', ')}`)
		.optional()
		.meta({ description: 'Breakdowns to add to each day: `sectors` (how many sectors had each status that day), `domains` (`forces.byDomain`: readiness per domain). Without it, each day has exactly `date, violations, support, forces: {readyShare}`.' })
});

/** The range, the last 30 days by default, checked; the breakdowns asked for. */
export const TrendsQuery = TrendsRange.transform(({ from, to, include }, ctx) => {
		const end = to ?? utcDay(new Date());
		const start = from ?? utcDay(new Date(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000));
		if (start > end) ctx.addIssue({ code: 'custom', message: 'Must not be after `to`', path: ['from'] });
		else if (daysBetween(start, end) >= MAX_TREND_DAYS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_TREND_DAYS} days at a time`, path: ['from'] });
		return { from: start, to: end, include: include ? [...new Set(include.split(',') as TrendBreakdown[])] : [] };
	});
export type TrendsQuery = z.output<typeof TrendsQuery>;

export const emptyCategories = (): Record<Category, number> => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

/** Every day from `from` to `to`, inclusive. */
export function daysFrom(from: string, to: string): string[] {
	const days: string[] = [];
	for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(utcDay(new Date(t)));
	return days;
}
