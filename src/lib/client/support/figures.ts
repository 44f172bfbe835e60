import { fromCents, toCents } from '$lib/domain/core/money';
import { isOverdue, type Delivery } from '$lib/domain/support/deliveries';
import { median } from '$lib/domain/core/median';
import { deliveredShare, type SupportKpis } from '$lib/domain/support/kpis';
import type { Pledge } from '$lib/domain/support/pledges';

/**
 * Guarantee 2's figures as the pages need them, from the records this screen holds. Sums are kept in
 * cents, as the server's board keeps them, so the same records give the same euros here and there.
 */

/** Pledged against delivered for one donor (or one category), and how much is behind it. */
export interface Totals {
	key: string;
	pledgedEur: number;
	deliveredEur: number;
	/** Pledged and not (yet) delivered; never below zero. */
	outstandingEur: number;
	pledges: number;
	deliveries: number;
	overdue: number;
}

/**
 * Totals by donor or by category, the largest pledge first (then by key, so equal ones keep their
 * place as figures move). `deliveredEur` counts delivered deliveries only, as `kpis.support` does.
 */
export function totalsBy(by: 'donor' | 'category', pledges: readonly Pledge[], deliveries: readonly Delivery[], today: string): Totals[] {
	const sums = new Map<string, { pledged: number; delivered: number; pledges: number; deliveries: number; overdue: number }>();
	const slot = (key: string) => sums.get(key) ?? sums.set(key, { pledged: 0, delivered: 0, pledges: 0, deliveries: 0, overdue: 0 }).get(key)!;
	for (const pledge of pledges) {
		const sum = slot(pledge[by]);
		sum.pledged += toCents(pledge.valueEur);
		sum.pledges += 1;
	}
	for (const delivery of deliveries) {
		const sum = slot(delivery[by]);
		sum.deliveries += 1;
		if (delivery.status === 'delivered') sum.delivered += toCents(delivery.valueEur);
		if (isOverdue(delivery, today)) sum.overdue += 1;
	}
	return [...sums]
		.map(([key, s]) => ({
			key,
			pledgedEur: fromCents(s.pledged),
			deliveredEur: fromCents(s.delivered),
			outstandingEur: fromCents(Math.max(0, s.pledged - s.delivered)),
			pledges: s.pledges,
			deliveries: s.deliveries,
			overdue: s.overdue
		}))
		.sort((a, b) => b.pledgedEur - a.pledgedEur || b.deliveredEur - a.deliveredEur || (a.key < b.key ? -1 : 1));
}

export interface CumulativePoint {
	/** A day something arrived (`YYYY-MM-DD`). */
	on: string;
	/** Delivered that day. */
	dayEur: number;
	/** Delivered up to and including that day. */
	totalEur: number;
}

/** Delivered EUR summed over time, one point per day a delivery arrived (its `deliveredOn`), oldest first. */
export function cumulativeDelivered(deliveries: readonly Delivery[]): CumulativePoint[] {
	const byDay = new Map<string, number>();
	for (const delivery of deliveries) {
		if (delivery.status !== 'delivered' || delivery.deliveredOn === null) continue;
		byDay.set(delivery.deliveredOn, (byDay.get(delivery.deliveredOn) ?? 0) + toCents(delivery.valueEur));
	}
	let total = 0;
	return [...byDay]
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([on, cents]) => {
			total += cents;
			return { on, dayEur: fromCents(cents), totalEur: fromCents(total) };
		});
}

/** Expected first (the soonest on top), those without an expected day last; ties by id, so rows never swap. */
export function byExpectedOn(a: Delivery, b: Delivery): number {
	if (a.expectedOn !== b.expectedOn) {
		if (a.expectedOn === null) return 1;
		if (b.expectedOn === null) return -1;
		return a.expectedOn < b.expectedOn ? -1 : 1;
	}
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Each pledge's deliveries, soonest expected first. */
export function deliveriesByPledge(deliveries: readonly Delivery[]): ReadonlyMap<string, Delivery[]> {
	const map = new Map<string, Delivery[]>();
	for (const delivery of deliveries) {
		const list = map.get(delivery.pledgeId);
		if (list) list.push(delivery);
		else map.set(delivery.pledgeId, [delivery]);
	}
	for (const list of map.values()) list.sort(byExpectedOn);
	return map;
}

/** Newest announcement first; ties by id. */
export function newestPledgesFirst(pledges: readonly Pledge[]): Pledge[] {
	return [...pledges].sort((a, b) => (a.announcedOn !== b.announcedOn ? (a.announcedOn < b.announcedOn ? 1 : -1) : a.id < b.id ? -1 : 1));
}

/**
 * How far a pledge is delivered, 0–1: by value when it has one, else by pieces. The server's
 * `deliveredValueEur` / `deliveredQuantity` count delivered deliveries only.
 */
export function deliveredShareOf(pledge: Pick<Pledge, 'valueEur' | 'quantity' | 'deliveredValueEur' | 'deliveredQuantity'>): number {
	if (pledge.valueEur) return Math.min(1, toCents(pledge.deliveredValueEur) / toCents(pledge.valueEur));
	if (pledge.quantity) return Math.min(1, pledge.deliveredQuantity / pledge.quantity);
	return 0;
}

/** What is left of a pledge for new deliveries: its deliveries that are not cancelled already take the rest. */
export function remainingOf(pledge: Pick<Pledge, 'quantity' | 'valueEur'>, deliveries: readonly Pick<Delivery, 'status' | 'quantity' | 'valueEur'>[]): { quantity: number | null; valueEur: number | null } {
	const live = deliveries.filter((d) => d.status !== 'cancelled');
	const quantity = pledge.quantity === null ? null : Math.max(0, pledge.quantity - live.reduce((sum, d) => sum + (d.quantity ?? 0), 0));
	const valueEur = pledge.valueEur === null ? null : fromCents(Math.max(0, toCents(pledge.valueEur) - live.reduce((sum, d) => sum + toCents(d.valueEur), 0)));
	return { quantity, valueEur };
}

/** The key figures of the support strip: the whole picture (`kpis.support`), or one donor's. */
export type StripFigures = Omit<SupportKpis, 'byDonor' | 'byCategory'>;

/**
 * One donor's strip: pledged and delivered as the server counts them (`kpis.support.byDonor`), the
 * rest from the donor's deliveries on this screen (the board keeps those only for the whole picture).
 */
export function donorFigures(kpis: SupportKpis | null, donor: string, deliveries: readonly Delivery[], today: string): StripFigures | null {
	if (!kpis) return null;
	const figures = kpis.byDonor[donor] ?? { pledgedEur: 0, deliveredEur: 0 };
	const days = deliveries.flatMap((d) => (d.status === 'delivered' && d.daysToDeliver !== null ? [d.daysToDeliver] : [])).sort((a, b) => a - b);
	return {
		pledgedEur: figures.pledgedEur,
		deliveredEur: figures.deliveredEur,
		deliveredShare: deliveredShare(toCents(figures.pledgedEur), toCents(figures.deliveredEur)),
		inTransit: deliveries.filter((d) => d.status === 'in-transit').length,
		overdue: deliveries.filter((d) => isOverdue(d, today)).length,
		medianDaysToDeliver: median(days)
	};
}
