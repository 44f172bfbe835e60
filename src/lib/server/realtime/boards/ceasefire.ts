import { countInLast24h, noReportsInLast24h, observedInLast24h, type CeasefireKpis } from '$lib/domain/ceasefire/kpis';
import { deriveSectorStatus, overallStatus, type DerivedSectorStatus, type Sector } from '$lib/domain/ceasefire/sectors';
import { COMMISSION_CASE, CONFIRMED, OPEN_INVESTIGATION, type Violation } from '$lib/domain/ceasefire/violations';
import type { WireRecord } from '$lib/domain/core/protocol';
import { defineBoard, type Tally } from './board';
import { KeyedMax } from './keyed-max';

/** Guarantee 1: whether the ceasefire holds, sector by sector, and the reports behind it (`ceasefireKpis`). */
export const ceasefireBoard = defineBoard({
	id: 'ceasefire',
	collections: ['sectors', 'violations'],
	tally: (now) => new CeasefireTally(now)
});

/**
 * One audience's ceasefire KPIs, equal to `ceasefireKpis` over what it may see at the tally's clock
 * (tests/unit/ceasefire/board.test.ts). A report costs a few counters and marks its sector for a
 * recount over that sector's reports of the last 24 h; a tick of the clock recounts the last 24 h,
 * as time alone moves every status (reports age, overrides expire, sectors go unheard).
 */
class CeasefireTally implements Tally<CeasefireKpis> {
	#now: Date;
	#sectors = new Map<string, Sector>();
	/** As of #now, for every sector not in #stale. */
	#statuses = new Map<string, DerivedSectorStatus>();
	#stale = new Set<string>();
	/**
	 * The reports observed in the last 24 h up to #now (or later), by sector id (null: outside every
	 * sector): all that the 24 h counts and the sector statuses read, since the sector rules look back
	 * no further. The clock only moves forward, so a report's place in it is a matter of time alone.
	 */
	#recent = new Map<string | null, Map<string, Violation>>();
	#last24h = noReportsInLast24h();
	#openInvestigations = 0;
	#commissionCases = 0;
	/** When each confirmed violation was observed: the newest is `lastVerifiedAt`. */
	#confirmed = new KeyedMax<string>();

	constructor(now: Date) {
		this.#now = now;
	}

	add(collection: string, record: WireRecord): void {
		if (collection === 'sectors') {
			this.#sectors.set(record.id, record as unknown as Sector);
			this.#stale.add(record.id);
		} else this.#count(record as unknown as Violation, 1);
	}

	remove(collection: string, record: WireRecord): void {
		if (collection === 'sectors') {
			this.#sectors.delete(record.id);
			this.#statuses.delete(record.id);
			this.#stale.delete(record.id);
		} else this.#count(record as unknown as Violation, -1);
	}

	advance(now: Date): void {
		this.#now = now;
		for (const inSector of this.#recent.values()) {
			for (const report of inSector.values()) if (!observedInLast24h(report, now)) this.#countRecent(report, -1);
		}
		for (const id of this.#sectors.keys()) this.#stale.add(id);
	}

	figures(): CeasefireKpis {
		for (const id of this.#stale) {
			const sector = this.#sectors.get(id);
			if (sector) this.#statuses.set(id, deriveSectorStatus(sector, [...(this.#recent.get(id)?.values() ?? [])], this.#now));
		}
		this.#stale.clear();
		const newestConfirmed = this.#confirmed.max;
		return {
			asOf: this.#now.toISOString(),
			overall: overallStatus([...this.#statuses.values()].map((s) => s.status)),
			// In id order, so that equal figures serialize alike (published-kpis.ts compares them as JSON).
			sectors: Object.fromEntries([...this.#statuses].sort(([a], [b]) => (a < b ? -1 : 1))),
			// A copy: the record is cached and sent, the counters move on.
			last24h: structuredClone(this.#last24h),
			openInvestigations: this.#openInvestigations,
			commissionCases: this.#commissionCases,
			lastVerifiedAt: newestConfirmed === undefined ? null : new Date(newestConfirmed).toISOString()
		};
	}

	#count(report: Violation, by: 1 | -1): void {
		if (OPEN_INVESTIGATION.has(report.status)) this.#openInvestigations += by;
		if (COMMISSION_CASE.has(report.status)) this.#commissionCases += by;
		if (CONFIRMED.has(report.status)) {
			if (by === 1) this.#confirmed.set(report.id, Date.parse(report.observedAt));
			else this.#confirmed.delete(report.id);
		}
		if (observedInLast24h(report, this.#now)) this.#countRecent(report, by);
	}

	#countRecent(report: Violation, by: 1 | -1): void {
		countInLast24h(this.#last24h, report, by);
		const inSector = this.#recent.get(report.sectorId) ?? new Map<string, Violation>();
		if (by === 1) inSector.set(report.id, report);
		else inSector.delete(report.id);
		if (inSector.size) this.#recent.set(report.sectorId, inSector);
		else this.#recent.delete(report.sectorId);
		if (report.sectorId) this.#stale.add(report.sectorId);
	}
}
