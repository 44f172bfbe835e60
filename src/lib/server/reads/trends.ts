import { and, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Viewer } from '$lib/domain/identity/actor';
import { DAILY, LEVELS, daysFrom, emptyCategories, type TrendDay, type TrendsQuery } from '$lib/domain/cell/trends';
import type { Category } from '$lib/domain/ceasefire/violations';
import { fromCents } from '$lib/domain/core/money';
import type { Db } from '../db/client';
import { rollups } from '../db/schema';
import { visibleTo } from '../db/visibility';

/**
 * One entry per day from `from` to `to`, over what the viewer may see: the rollup rows of every
 * releasability it may see, summed. Levels (support, forces) start from their sum before `from`.
 */
export async function trendsFor(db: Db, viewer: Viewer, query: TrendsQuery): Promise<{ days: TrendDay[] }> {
	const visible = visibleTo(rollups.releasableTo, viewer);
	const value = sql<number>`sum(${rollups.value})::float8`;
	const [inRange, before] = await Promise.all([
		db
			.select({ day: rollups.day, metric: rollups.metric, key: rollups.key, value })
			.from(rollups)
			.where(and(visible, gte(rollups.day, query.from), lte(rollups.day, query.to)))
			.groupBy(rollups.day, rollups.metric, rollups.key),
		db
			.select({ metric: rollups.metric, value })
			.from(rollups)
			.where(and(visible, lt(rollups.day, query.from), inArray(rollups.metric, [...LEVELS])))
			.groupBy(rollups.metric)
	]);
	const level = Object.fromEntries(LEVELS.map((m) => [m, 0])) as Record<(typeof LEVELS)[number], number>;
	for (const row of before) level[row.metric as (typeof LEVELS)[number]] = Number(row.value);
	const rowsOf = new Map<string, typeof inRange>();
	for (const row of inRange) rowsOf.set(row.day, [...(rowsOf.get(row.day) ?? []), row]);

	return {
		days: daysFrom(query.from, query.to).map((date) => {
			const byCategory = emptyCategories();
			let verified = 0;
			for (const row of rowsOf.get(date) ?? []) {
				if ((LEVELS as readonly string[]).includes(row.metric)) level[row.metric as (typeof LEVELS)[number]] += Number(row.value);
				else if (row.metric === DAILY[0]) byCategory[row.key as Category] += Number(row.value);
				else verified += Number(row.value);
			}
			const units = level['forces.units'];
			return {
				date,
				violations: { reported: Object.values(byCategory).reduce((a, b) => a + b, 0), verified, byCategory },
				support: { pledgedEur: fromCents(level['support.pledgedCents']), deliveredEur: fromCents(level['support.deliveredCents']) },
				forces: { readyShare: units > 0 ? level['forces.ready'] / units : null }
			};
		})
	};
}
