import { utcDay } from '$lib/domain/core/dates';
import { BRIGADE_STAGES, isBehindSchedule, type Brigade, type BrigadeStage } from '$lib/domain/forces/brigades';
import type { ForcesKpis } from '$lib/domain/forces/kpis';
import { DOMAINS, READINESS_LEVELS, type Domain, type Readiness, type Unit } from '$lib/domain/forces/units';
import type { Role } from '$lib/domain/identity/roles';
import { elapsed } from '../format/elapsed';
import { unionBounds, type Bounds } from '../map/bounds';
import { nationName } from '../format/nations';
import type { LiveConnection } from '../live.svelte';

/** The part of the live store the view reads: tests hand in a plain object. */
export type LiveSource = Pick<LiveConnection, 'records' | 'kpis' | 'ready'>;

/** What the server rendered: the picture until the socket's snapshot arrives, and the whole picture without scripts. */
export interface ForcesPicture {
	units: Unit[];
	brigades: Brigade[];
	kpis: ForcesKpis | null;
}

/**
 * The forces board's figures from the live store's KPI records, or null before the first snapshot.
 * The one cast: the server's forces board (realtime/boards/forces.ts) is the only writer of `kpis.forces`.
 */
export function forcesKpisOf(kpis: Readonly<Record<string, unknown>>): ForcesKpis | null {
	return (kpis.forces as ForcesKpis | undefined) ?? null;
}

/** Units at C1 or C2, from the board's grid. */
export function readyCount(kpis: ForcesKpis): number {
	return DOMAINS.reduce((sum, domain) => sum + kpis.byDomain[domain].C1 + kpis.byDomain[domain].C2, 0);
}

/**
 * Each brigade's `behindSchedule` as of this screen's UTC day: the server set it when the record was
 * last sent, and a brigade whose planned day passes at midnight turns with no write. Unchanged
 * brigades stay the same objects, so nothing is redrawn for them.
 */
export function onSchedule(brigades: readonly Brigade[], today: string): Brigade[] {
	return brigades.map((brigade) => {
		const behindSchedule = isBehindSchedule(brigade, today);
		return behindSchedule === brigade.behindSchedule ? brigade : { ...brigade, behindSchedule };
	});
}

/** The pipeline's columns: each stage's brigades, the soonest planned certification first. */
export function brigadesByStage(brigades: readonly Brigade[]): Record<BrigadeStage, Brigade[]> {
	const stages = Object.fromEntries(BRIGADE_STAGES.map((stage) => [stage, [] as Brigade[]])) as Record<BrigadeStage, Brigade[]>;
	const ordered = [...brigades].sort((a, b) => a.plannedCertifiedOn.localeCompare(b.plannedCertifiedOn) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
	for (const brigade of ordered) stages[brigade.stage].push(brigade);
	return stages;
}

export const UNIT_SORT_KEYS = ['nation', 'domain', 'readiness', 'since'] as const;
export type UnitSortKey = (typeof UNIT_SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';
export interface UnitSort {
	key: UnitSortKey;
	direction: SortDirection;
}

export const DEFAULT_SORT: UnitSort = Object.freeze({ key: 'nation', direction: 'ascending' });

const byName = (a: Unit, b: Unit) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * Ascending means: nations by name, domains air → sea → land, readiness C1 → C5, and time since the
 * last change shortest first (the newest report on top). Ties go by the unit's name, always A → Z.
 */
const COMPARE: Record<UnitSortKey, (a: Unit, b: Unit) => number> = {
	nation: (a, b) => nationName(a.nation).localeCompare(nationName(b.nation)),
	domain: (a, b) => DOMAINS.indexOf(a.domain) - DOMAINS.indexOf(b.domain),
	readiness: (a, b) => READINESS_LEVELS.indexOf(a.readiness) - READINESS_LEVELS.indexOf(b.readiness),
	since: (a, b) => (Date.parse(b.readinessChangedAt) || 0) - (Date.parse(a.readinessChangedAt) || 0)
};

export function sortUnits(units: readonly Unit[], sort: UnitSort): Unit[] {
	const sign = sort.direction === 'ascending' ? 1 : -1;
	return [...units].sort((a, b) => sign * COMPARE[sort.key](a, b) || byName(a, b));
}

/** The column's header pressed: the other direction on the same column, ascending on a new one. */
export function nextSort(current: UnitSort, key: UnitSortKey): UnitSort {
	if (current.key !== key) return { key, direction: 'ascending' };
	return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** `nation:descending` in the URL (the sort buttons' plain-form value); anything else is the default. */
export function sortFromQuery(value: string | null): UnitSort {
	const [key, direction] = (value ?? '').split(':');
	if (!UNIT_SORT_KEYS.includes(key as UnitSortKey)) return DEFAULT_SORT;
	return { key: key as UnitSortKey, direction: direction === 'descending' ? 'descending' : 'ascending' };
}

export const sortToQuery = (sort: UnitSort): string => `${sort.key}:${sort.direction}`;

export interface UnitFilters {
	domain: Domain | '';
	nation: string;
	readiness: Readiness | '';
}

export const NO_FILTERS: UnitFilters = Object.freeze({ domain: '', nation: '', readiness: '' });

export function filterUnits(units: readonly Unit[], filters: UnitFilters): Unit[] {
	return units.filter(
		(unit) => (!filters.domain || unit.domain === filters.domain) && (!filters.nation || unit.nation === filters.nation) && (!filters.readiness || unit.readiness === filters.readiness)
	);
}

export function filtersFromQuery(query: URLSearchParams): UnitFilters {
	const domain = query.get('domain') ?? '';
	const readiness = query.get('readiness') ?? '';
	return {
		domain: DOMAINS.includes(domain as Domain) ? (domain as Domain) : '',
		nation: /^[A-Z]{3}$/.test(query.get('nation') ?? '') ? query.get('nation')! : '',
		readiness: READINESS_LEVELS.includes(readiness as Readiness) ? (readiness as Readiness) : ''
	};
}

/** The nations that have units here, by name: the choices of the nation filter. */
export function nationsOf(units: readonly Unit[]): string[] {
	return [...new Set(units.map((unit) => unit.nation))].sort((a, b) => nationName(a).localeCompare(nationName(b)));
}

/**
 * The units whose readiness this user may report: a partner its own nation's only (the server says
 * 403 to anything else), the cell's officers any. Whether the role may report at all is the page's.
 */
export function unitsToReport(units: readonly Unit[], viewer: { role: Role; nation: string }): Unit[] {
	return viewer.role === 'partner' ? units.filter((unit) => unit.nation === viewer.nation) : [...units];
}

/** "3 h 12 min" since the unit's readiness last changed, or null for a time that cannot be read. */
export function sinceChange(unit: Pick<Unit, 'readinessChangedAt'>, now: Date): string | null {
	const changed = Date.parse(unit.readinessChangedAt);
	return Number.isNaN(changed) ? null : elapsed(changed, now.getTime());
}

/** Degrees added around the units: a symbol and its label stand beside the point, and must not be cut at the map's edge. */
const UNIT_MARGIN = 0.4;

/** The box around every unit with a place, with a margin: what the forces map keeps in view. */
export function unitBounds(units: readonly Pick<Unit, 'location'>[]): Bounds | null {
	const box = unionBounds(units.map(({ location }) => (location ? [[location.lat, location.lon], [location.lat, location.lon]] : null)));
	return box && [
		[box[0][0] - UNIT_MARGIN, box[0][1] - UNIT_MARGIN],
		[box[1][0] + UNIT_MARGIN, box[1][1] + UNIT_MARGIN]
	];
}

/**
 * What the forces page reads from the live store: units, brigades behind schedule by this screen's
 * clock (turning at UTC midnight), typed KPIs. Before the first snapshot, the server-rendered picture.
 */
export class ForcesView {
	#units: Unit[];
	#brigades: Brigade[];
	#stages: Record<BrigadeStage, Brigade[]>;
	#kpis: ForcesKpis | null;
	#today: string;

	/** `clock` is the page's ticking clock (clock.svelte.ts); only its day matters here. */
	constructor(live: LiveSource, clock: { readonly minute: Date }, initial: () => ForcesPicture) {
		this.#today = $derived(utcDay(clock.minute));
		this.#units = $derived(live.ready ? live.records('units') : initial().units);
		this.#brigades = $derived(onSchedule(live.ready ? live.records('brigades') : initial().brigades, this.#today));
		this.#stages = $derived(brigadesByStage(this.#brigades));
		this.#kpis = $derived(live.ready ? forcesKpisOf(live.kpis) : initial().kpis);
	}

	get units(): Unit[] {
		return this.#units;
	}
	get brigades(): Brigade[] {
		return this.#brigades;
	}
	get stages(): Record<BrigadeStage, Brigade[]> {
		return this.#stages;
	}
	get kpis(): ForcesKpis | null {
		return this.#kpis;
	}
	/** The UTC day on this screen's clock (YYYY-MM-DD). */
	get today(): string {
		return this.#today;
	}
	/** Brigades not certified by their planned day, as of this screen's clock. */
	get behindSchedule(): number {
		return this.#brigades.filter((brigade) => brigade.behindSchedule).length;
	}
}
