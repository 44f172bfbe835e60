import { recordLink } from '$lib/domain/core/collections';
import { isOverdue, type Delivery } from '$lib/domain/support/deliveries';
import type { DepotRequest } from '$lib/domain/support/depot-requests';
import type { Fortification } from '$lib/domain/support/fortifications';
import type { SupportKpis } from '$lib/domain/support/kpis';
import type { Pledge } from '$lib/domain/support/pledges';
import type { LiveSource } from '../live-source';
import { kpisOf } from '../live-store';
import { cumulativeDelivered, deliveriesByPledge, newestPledgesFirst, totalsBy, type CumulativePoint, type Totals } from './figures';

/** The UTC day as the screen's clock has it (clock.svelte.ts → `ticking().today`). */
export interface Today {
	readonly today: string;
}

const NONE: readonly Delivery[] = Object.freeze([]);

/**
 * What the support pages read from the live store: pledges, their deliveries, fortifications, depot
 * requests and `kpis.support`, typed, with the figures derived from them. Scoped to one donor for
 * that donor's page. Each is derived once per change of the live picture (or of the day, for what
 * is overdue), however many components read it.
 */
export class SupportView {
	#pledges: Pledge[];
	#deliveries: Delivery[];
	#byPledge: ReadonlyMap<string, Delivery[]>;
	#fortifications: Fortification[];
	#depotRequests: DepotRequest[];
	#kpis: SupportKpis | null;
	#clock: Today;
	#byDonor: Totals[];
	#byCategory: Totals[];
	#cumulative: CumulativePoint[];
	#overdue: ReadonlySet<string>;
	#links: ReadonlyMap<string, { item: string; href: string }>;

	constructor(source: LiveSource, clock: Today, scope: { donor?: string } = {}) {
		const mine = <R extends { donor: string }>(records: R[]) => (scope.donor ? records.filter((r) => r.donor === scope.donor) : records);
		this.#clock = clock;
		this.#pledges = $derived(newestPledgesFirst(mine(source.records('pledges'))));
		this.#deliveries = $derived(mine(source.records('deliveries')));
		this.#byPledge = $derived(deliveriesByPledge(this.#deliveries));
		this.#fortifications = $derived(source.records('fortifications'));
		this.#depotRequests = $derived(source.records('depot-requests'));
		this.#kpis = $derived(kpisOf(source.kpis, 'support'));
		this.#byDonor = $derived(totalsBy('donor', this.#pledges, this.#deliveries, clock.today));
		this.#byCategory = $derived(totalsBy('category', this.#pledges, this.#deliveries, clock.today));
		this.#cumulative = $derived(cumulativeDelivered(this.#deliveries));
		this.#overdue = $derived(new Set(this.#deliveries.filter((d) => isOverdue(d, clock.today)).map((d) => d.id)));
		this.#links = $derived(new Map(this.#pledges.map((p) => [p.id, { item: p.item, href: recordLink('pledges', p.id) ?? '' }])));
	}

	/** Newest announcement first. */
	get pledges(): Pledge[] {
		return this.#pledges;
	}
	get deliveries(): Delivery[] {
		return this.#deliveries;
	}
	get fortifications(): Fortification[] {
		return this.#fortifications;
	}
	get depotRequests(): DepotRequest[] {
		return this.#depotRequests;
	}
	/** `kpis.support` as the server counts it for this viewer; null until it arrives. */
	get kpis(): SupportKpis | null {
		return this.#kpis;
	}
	get today(): string {
		return this.#clock.today;
	}
	/** Pledged against delivered per donor, the largest pledge first. */
	get byDonor(): Totals[] {
		return this.#byDonor;
	}
	get byCategory(): Totals[] {
		return this.#byCategory;
	}
	/** Delivered EUR over time, one point per day something arrived. */
	get cumulative(): CumulativePoint[] {
		return this.#cumulative;
	}
	/** The ids of overdue deliveries, as of today on this screen's clock. */
	get overdue(): ReadonlySet<string> {
		return this.#overdue;
	}

	/** A delivery's pledge as a list names it: its item, and its page. */
	pledgeLink(id: string): { item: string; href: string } | null {
		return this.#links.get(id) ?? null;
	}

	pledge(id: string): Pledge | null {
		return this.#pledges.find((p) => p.id === id) ?? null;
	}

	/** A pledge's deliveries, soonest expected first. */
	deliveriesOf(pledgeId: string): readonly Delivery[] {
		return this.#byPledge.get(pledgeId) ?? NONE;
	}

	isOverdue(delivery: Pick<Delivery, 'id'>): boolean {
		return this.#overdue.has(delivery.id);
	}
}
