import { and, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Viewer } from '$lib/domain/identity/actor';
import {
	LEVELS,
	SECTOR_DAILY,
	daysFrom,
	emptyCategories,
	readinessOf,
	sectorsByStatus,
	type LevelMetric,
	type SectorDayFigures,
	type TrendBreakdown,
	type TrendDay
} from '$lib/domain/cell/trends';
import type { Category } from '$lib/domain/ceasefire/violations';
import { fromCents } from '$lib/domain/core/money';
import { DOMAINS, type Domain } from '$lib/domain/forces/units';
import type { Db } from '../db/client';
import { rollups, sectors } from '../db/schema';
import { visibleTo } from '../db/visibility';

export interface TrendsRead {
	from: string;
	to: string;
	/** Breakdowns to add; none: each day has exactly the contract's fields. */
	include?: readonly TrendBreakdown[];
}

const BASE_METRICS = ['violations.reported', 'violations.verified', ...LEVELS] as const;
const SECTOR_METRICS: ReadonlySet<string> = new Set(SECTOR_DAILY);

/** Levels by metric and key (the units' domain), carried from day to day. */
class Levels {
	readonly #values = new Map<string, number>();
	add(metric: string, key: string, value: number): void {
		const id = `${metric}|${key}`;
		this.#values.set(id, (this.#values.get(id) ?? 0) + value);
	}
	of(metric: LevelMetric, key?: string): number {
		if (key !== undefined) return this.#values.get(`${metric}|${key}`) ?? 0;
		let sum = 0;
		for (const [id, value] of this.#values) if (id.startsWith(`${metric}|`)) sum += value;
		return sum;
	}
}

/**
 * One entry per day from `from` to `to`, over what the viewer may see: the rollup rows of every
 * releasability it may see, summed. Levels (support, forces) start from their sum before `from`.
 * Sectors are those the viewer may see now, each counted every day of the range.
 */
export async function trendsFor(db: Db, viewer: Viewer, query: TrendsRead): Promise<{ days: TrendDay[] }> {
	const include = new Set(query.include ?? []);
	const sectorIds = include.has('sectors') ? (await db.select({ id: sectors.id }).from(sectors).where(visibleTo(sectors.releasableTo, viewer)).orderBy(sectors.id)).map((s) => s.id) : [];
	const visible = visibleTo(rollups.releasableTo, viewer);
	// A check-in is part of its sector: whoever may see the sector now counts all of them, as its history shows them.
	const counted = sectorIds.length
		? and(or(visible, eq(rollups.metric, 'sectors.checkIns')), or(inArray(rollups.metric, [...BASE_METRICS]), inArray(rollups.key, sectorIds)))
		: and(visible, inArray(rollups.metric, [...BASE_METRICS]));
	const value = sql<number>`sum(${rollups.value})::float8`;
	const [inRange, before] = await Promise.all([
		db
			.select({ day: rollups.day, metric: rollups.metric, key: rollups.key, value })
			.from(rollups)
			.where(and(counted, gte(rollups.day, query.from), lte(rollups.day, query.to)))
			.groupBy(rollups.day, rollups.metric, rollups.key),
		db
			.select({ metric: rollups.metric, key: rollups.key, value })
			.from(rollups)
			.where(and(visible, lt(rollups.day, query.from), inArray(rollups.metric, [...LEVELS])))
			.groupBy(rollups.metric, rollups.key)
	]);
	const level = new Levels();
	for (const row of before) level.add(row.metric, row.key, Number(row.value));
	const rowsOf = new Map<string, typeof inRange>();
	for (const row of inRange) rowsOf.set(row.day, [...(rowsOf.get(row.day) ?? []), row]);

	return {
		days: daysFrom(query.from, query.to).map((date) => {
			const byCategory = emptyCategories();
			let verified = 0;
			const bySector = new Map<string, Partial<SectorDayFigures>>();
			for (const row of rowsOf.get(date) ?? []) {
				const n = Number(row.value);
				if ((LEVELS as readonly string[]).includes(row.metric)) level.add(row.metric, row.key, n);
				else if (row.metric === 'violations.reported') byCategory[row.key as Category] += n;
				else if (row.metric === 'violations.verified') verified += n;
				else if (SECTOR_METRICS.has(row.metric)) bySector.set(row.key, { ...bySector.get(row.key), [row.metric]: n });
			}
			const day: TrendDay = {
				date,
				violations: { reported: Object.values(byCategory).reduce((a, b) => a + b, 0), verified, byCategory },
				support: { pledgedEur: fromCents(level.of('support.pledgedCents')), deliveredEur: fromCents(level.of('support.deliveredCents')) },
				forces: { readyShare: readinessOf(level.of('forces.units'), level.of('forces.ready')).readyShare }
			};
			if (include.has('domains')) {
				day.forces.byDomain = Object.fromEntries(DOMAINS.map((d) => [d, readinessOf(level.of('forces.units', d), level.of('forces.ready', d))])) as Record<Domain, ReturnType<typeof readinessOf>>;
			}
			if (include.has('sectors')) day.sectors = sectorsByStatus(sectorIds, (id) => bySector.get(id));
			return day;
		})
	};
}
