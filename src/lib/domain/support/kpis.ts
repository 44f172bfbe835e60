import { median } from '../core/median';
import { fromCents, toCents } from '../core/money';
import { isOverdue, type Delivery } from './deliveries';
import type { Pledge } from './pledges';

/** `kpis.support` (DESIGN.md → Support): pledged against delivered, over what the viewer may see. */
export interface SupportKpis {
	pledgedEur: number;
	deliveredEur: number;
	/** deliveredEur / pledgedEur, 0–1; 0 while nothing is pledged. */
	deliveredShare: number;
	inTransit: number;
	overdue: number;
	medianDaysToDeliver: number | null;
	byDonor: Record<string, PledgedDelivered>;
	byCategory: Record<string, PledgedDelivered>;
}

export interface PledgedDelivered {
	pledgedEur: number;
	deliveredEur: number;
}

export function deliveredShare(pledgedCents: number, deliveredCents: number): number {
	return pledgedCents > 0 ? Math.min(1, deliveredCents / pledgedCents) : 0;
}

/**
 * The figures counted afresh from every record the viewer may see: what the live board's tally must
 * always equal (tests), and what a REST read without a live board answers.
 */
export function supportKpis(pledges: readonly Pledge[], deliveries: readonly Delivery[], today: string): SupportKpis {
	const byDonor = new Map<string, { pledged: number; delivered: number }>();
	const byCategory = new Map<string, { pledged: number; delivered: number }>();
	const slot = (map: typeof byDonor, key: string) => map.get(key) ?? map.set(key, { pledged: 0, delivered: 0 }).get(key)!;
	let pledged = 0;
	let delivered = 0;
	for (const pledge of pledges) {
		const cents = toCents(pledge.valueEur);
		pledged += cents;
		slot(byDonor, pledge.donor).pledged += cents;
		slot(byCategory, pledge.category).pledged += cents;
	}
	const days: number[] = [];
	for (const delivery of deliveries) {
		if (delivery.status !== 'delivered') continue;
		const cents = toCents(delivery.valueEur);
		delivered += cents;
		slot(byDonor, delivery.donor).delivered += cents;
		slot(byCategory, delivery.category).delivered += cents;
		if (delivery.daysToDeliver !== null) days.push(delivery.daysToDeliver);
	}
	return {
		pledgedEur: fromCents(pledged),
		deliveredEur: fromCents(delivered),
		deliveredShare: deliveredShare(pledged, delivered),
		inTransit: deliveries.filter((d) => d.status === 'in-transit').length,
		overdue: deliveries.filter((d) => isOverdue(d, today)).length,
		medianDaysToDeliver: median(days.sort((a, b) => a - b)),
		byDonor: figuresByKey(byDonor),
		byCategory: figuresByKey(byCategory)
	};
}

/** In key order, so that equal figures serialize alike. */
export function figuresByKey(map: ReadonlyMap<string, { pledged: number; delivered: number }>): Record<string, PledgedDelivered> {
	return Object.fromEntries(
		[...map]
			.sort(([a], [b]) => (a < b ? -1 : 1))
			.map(([key, { pledged, delivered }]) => [key, { pledgedEur: fromCents(pledged), deliveredEur: fromCents(delivered) }])
	);
}
