import type { Alert } from '$lib/domain/cell/alerts';
import type { CeasefireKpis } from '$lib/domain/ceasefire/kpis';
import type { DerivedSectorStatus, Sector } from '$lib/domain/ceasefire/sectors';
import type { Violation } from '$lib/domain/ceasefire/violations';
import type { LiveSource } from '../live-source';
import { kpisOf } from '../live-store';
import { headlineFor } from './alerts';
import { northToSouth, shortSectorName } from './geo';

const NO_STATUSES: Readonly<Record<string, DerivedSectorStatus>> = Object.freeze({});

/** The ceasefire board's figures from the live store's KPI records, or null before the first snapshot. */
export function ceasefireKpisOf(kpis: Readonly<Record<string, unknown>>): CeasefireKpis | null {
	return kpisOf(kpis, 'ceasefire');
}

/** Each sector's status as the rules (or an override) give it; empty until the figures arrive. */
export function sectorStatusesOf(kpis: CeasefireKpis | null): Readonly<Record<string, DerivedSectorStatus>> {
	return kpis?.sectors ?? NO_STATUSES;
}

export function sectorNamesOf(sectors: readonly Pick<Sector, 'id' | 'name'>[]): Record<string, string> {
	return Object.fromEntries(sectors.map((s) => [s.id, s.name]));
}

/** A report's sector as a person reads it: its id when this screen may not see that sector, null outside every sector. */
export function sectorNameOf(names: Readonly<Record<string, string>>, id: string | null): string | null {
	return id ? (names[id] ?? id) : null;
}

/**
 * What the ceasefire pages and the layout read from the live store: sectors north to south,
 * reports, typed KPIs, alert headlines. Each is derived once per change of the live picture,
 * however many components read it.
 */
export class CeasefireView {
	#sectors: Sector[];
	#sectorNames: Readonly<Record<string, string>>;
	#reports: Violation[];
	#kpis: CeasefireKpis | null;
	#headline: (alert: Alert) => string;
	#shortHeadline: (alert: Alert) => string;

	constructor(live: LiveSource) {
		this.#sectors = $derived(northToSouth(live.records('sectors')));
		this.#sectorNames = $derived(sectorNamesOf(this.#sectors));
		this.#reports = $derived(live.records('violations'));
		this.#kpis = $derived(ceasefireKpisOf(live.kpis));
		this.#headline = $derived(headlineFor(this.#reports, this.#sectors));
		this.#shortHeadline = $derived(headlineFor(this.#reports, this.#sectors, shortSectorName));
	}

	/** From north to south, the way the line of contact is read. */
	get sectors(): Sector[] {
		return this.#sectors;
	}
	/** Sector id → full name. */
	get sectorNames(): Readonly<Record<string, string>> {
		return this.#sectorNames;
	}
	get reports(): Violation[] {
		return this.#reports;
	}
	get kpis(): CeasefireKpis | null {
		return this.#kpis;
	}
	get sectorStatuses(): Readonly<Record<string, DerivedSectorStatus>> {
		return sectorStatusesOf(this.#kpis);
	}
	/** An alert named by its report's category and sector, in full (desk screens). */
	get headline(): (alert: Alert) => string {
		return this.#headline;
	}
	/** The same with short sector names, for the wall's narrow column. */
	get shortHeadline(): (alert: Alert) => string {
		return this.#shortHeadline;
	}

	sectorName(id: string | null): string | null {
		return sectorNameOf(this.#sectorNames, id);
	}
}
