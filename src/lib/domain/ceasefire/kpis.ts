import { CATEGORIES, COMMISSION_CASE, CONFIRMED, OPEN_INVESTIGATION, type Category, type Violation } from './violations';
import { deriveSectorStatus, overallStatus, type DerivedSectorStatus, type Sector, type SectorRules, type SectorStatus, DEFAULT_SECTOR_RULES } from './sectors';

export interface CeasefireKpis {
	asOf: string;
	overall: SectorStatus;
	sectors: Record<string, DerivedSectorStatus>;
	last24h: { reports: Record<Category, number>; verified: Record<Category, number>; total: number; verifiedTotal: number };
	openInvestigations: number;
	commissionCases: number;
	lastVerifiedAt: string | null;
}

const zeroes = () => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

/**
 * The ceasefire KPIs over the records a viewer may see (the caller filters), so a partner's
 * numbers never reveal what is not released to them.
 */
export function ceasefireKpis(sectors: readonly Sector[], reports: readonly Violation[], now: Date, rules: SectorRules = DEFAULT_SECTOR_RULES): CeasefireKpis {
	const statuses: Record<string, DerivedSectorStatus> = {};
	for (const sector of sectors) statuses[sector.id] = deriveSectorStatus(sector, reports, now, rules);
	const dayAgo = now.getTime() - 24 * 3600_000;
	const last24h = { reports: zeroes(), verified: zeroes(), total: 0, verifiedTotal: 0 };
	let lastVerified = 0;
	let openInvestigations = 0;
	let commissionCases = 0;
	for (const r of reports) {
		const observed = Date.parse(r.observedAt);
		if (observed >= dayAgo) {
			last24h.reports[r.category]++;
			last24h.total++;
			if (CONFIRMED.has(r.status)) {
				last24h.verified[r.category]++;
				last24h.verifiedTotal++;
			}
		}
		if (CONFIRMED.has(r.status)) lastVerified = Math.max(lastVerified, observed);
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
