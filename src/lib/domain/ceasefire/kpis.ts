import { CATEGORIES, COMMISSION_CASE, CONFIRMED, OPEN_INVESTIGATION, type Category, type Violation } from './violations';
import { deriveSectorStatus, overallStatus, type DerivedSectorStatus, type Sector, type SectorRules, type SectorStatus, DEFAULT_SECTOR_RULES } from './sectors';

export interface CeasefireKpis {
	asOf: string;
	overall: SectorStatus;
	sectors: Record<string, DerivedSectorStatus>;
	last24h: Last24h;
	openInvestigations: number;
	commissionCases: number;
	lastVerifiedAt: string | null;
}

export interface Last24h {
	reports: Record<Category, number>;
	verified: Record<Category, number>;
	total: number;
	verifiedTotal: number;
}

const DAY = 24 * 3600_000;

const zeroes = () => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

export const noReportsInLast24h = (): Last24h => ({ reports: zeroes(), verified: zeroes(), total: 0, verifiedTotal: 0 });

/** Observed in the 24 h up to `now`, its ends included, or later. */
export const observedInLast24h = (report: Pick<Violation, 'observedAt'>, now: Date) => Date.parse(report.observedAt) >= now.getTime() - DAY;

/** Counts a report of the last 24 h into the figures (`by` 1), or out of them (`by` -1). */
export function countInLast24h(last24h: Last24h, report: Pick<Violation, 'category' | 'status'>, by: 1 | -1): void {
	last24h.reports[report.category] += by;
	last24h.total += by;
	if (CONFIRMED.has(report.status)) {
		last24h.verified[report.category] += by;
		last24h.verifiedTotal += by;
	}
}

/**
 * The ceasefire KPIs over the records a viewer may see (the caller filters), so a partner's
 * numbers never reveal what is not released to them.
 */
export function ceasefireKpis(sectors: readonly Sector[], reports: readonly Violation[], now: Date, rules: SectorRules = DEFAULT_SECTOR_RULES): CeasefireKpis {
	const statuses: Record<string, DerivedSectorStatus> = {};
	for (const sector of sectors) statuses[sector.id] = deriveSectorStatus(sector, reports, now, rules);
	const last24h = noReportsInLast24h();
	let lastVerified = 0;
	let openInvestigations = 0;
	let commissionCases = 0;
	for (const r of reports) {
		if (observedInLast24h(r, now)) countInLast24h(last24h, r, 1);
		if (CONFIRMED.has(r.status)) lastVerified = Math.max(lastVerified, Date.parse(r.observedAt));
		if (OPEN_INVESTIGATION.has(r.status)) openInvestigations++;
		if (COMMISSION_CASE.has(r.status)) commissionCases++;
	}
	return {
		asOf: now.toISOString(),
		overall: overallStatus(Object.values(statuses).map((s) => s.status)),
		sectors: statuses,
		last24h,
		openInvestigations,
		commissionCases,
		lastVerifiedAt: lastVerified ? new Date(lastVerified).toISOString() : null
	};
}
