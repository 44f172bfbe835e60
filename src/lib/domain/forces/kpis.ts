import { BRIGADE_STAGES, isBehindSchedule, type Brigade, type BrigadeStage } from './brigades';
import { DOMAINS, READINESS_LEVELS, isReady, type Domain, type Readiness, type Unit } from './units';

/** `kpis.forces` (DESIGN.md → Forces): readiness and regeneration, over what the viewer may see. */
export interface ForcesKpis {
	units: number;
	/** C1 + C2 over all units, 0–1; null with none. */
	readyShare: number | null;
	/** Every domain, every level, counted (zeros included: the board is a fixed grid). */
	byDomain: Record<Domain, Record<Readiness, number>>;
	/** Nations with units, in code order. */
	byNation: Record<string, { units: number; ready: number }>;
	brigades: { byStage: Record<BrigadeStage, number>; behindSchedule: number };
}

export const emptyGrid = (): Record<Domain, Record<Readiness, number>> =>
	Object.fromEntries(DOMAINS.map((domain) => [domain, Object.fromEntries(READINESS_LEVELS.map((level) => [level, 0]))])) as Record<Domain, Record<Readiness, number>>;
export const emptyStages = (): Record<BrigadeStage, number> => Object.fromEntries(BRIGADE_STAGES.map((stage) => [stage, 0])) as Record<BrigadeStage, number>;

export const readyShare = (ready: number, units: number): number | null => (units ? ready / units : null);

/** The figures counted afresh: what the live board's tally must always equal. */
export function forcesKpis(units: readonly Unit[], brigades: readonly Brigade[], today: string): ForcesKpis {
	const byDomain = emptyGrid();
	const byNation: Record<string, { units: number; ready: number }> = {};
	let ready = 0;
	for (const unit of units) {
		byDomain[unit.domain][unit.readiness]++;
		const nation = (byNation[unit.nation] ??= { units: 0, ready: 0 });
		nation.units++;
		if (isReady(unit.readiness)) {
			nation.ready++;
			ready++;
		}
	}
	const byStage = emptyStages();
	for (const brigade of brigades) byStage[brigade.stage]++;
	return {
		units: units.length,
		readyShare: readyShare(ready, units.length),
		byDomain,
		byNation: Object.fromEntries(Object.entries(byNation).sort(([a], [b]) => (a < b ? -1 : 1))),
		brigades: { byStage, behindSchedule: brigades.filter((b) => isBehindSchedule(b, today)).length }
	};
}
