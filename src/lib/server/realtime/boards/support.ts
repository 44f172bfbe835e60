import { fromCents, toCents } from '$lib/domain/core/money';
import type { WireRecord } from '$lib/domain/core/protocol';
import { OPEN_STATUSES, type Delivery } from '$lib/domain/support/deliveries';
import { deliveredShare, figuresByKey, type SupportKpis } from '$lib/domain/support/kpis';
import type { Pledge } from '$lib/domain/support/pledges';
import { DatedTally, defineBoard } from './board';
import { Counts, NumberCounts } from './counts';

/** Guarantee 2: pledged against delivered, live (`supportKpis` is the recount it always equals). */
export const supportBoard = defineBoard({
	id: 'support',
	collections: ['pledges', 'deliveries'],
	tally: (now) => new SupportTally(now)
});

/** Pledged and delivered cents per donor or category, and how many records hold the key open. */
class Sums {
	readonly #sums = new Map<string, { pledged: number; delivered: number; records: number }>();
	add(key: string, pledged: number, delivered: number, sign: 1 | -1): void {
		const sum = this.#sums.get(key) ?? { pledged: 0, delivered: 0, records: 0 };
		sum.pledged += sign * pledged;
		sum.delivered += sign * delivered;
		sum.records += sign;
		if (sum.records) this.#sums.set(key, sum);
		else this.#sums.delete(key);
	}
	figures() {
		return figuresByKey(this.#sums);
	}
}

/**
 * One audience's support KPIs. Each pledge or delivery moves a few sums; the overdue count and the
 * median read two small multisets (deliveries by expected day, delivery times in days), so midnight
 * turns deliveries overdue with no write and no recount of the records.
 */
class SupportTally extends DatedTally<SupportKpis> {
	#pledgedCents = 0;
	#deliveredCents = 0;
	#inTransit = 0;
	#byDonor = new Sums();
	#byCategory = new Sums();
	/** Open deliveries with an expected day, by that day. */
	#openByExpectedOn = new Counts<string>();
	/** Delivered ones, by days from announcement to delivery. */
	#daysToDeliver = new NumberCounts();

	protected count(collection: string, record: WireRecord, sign: 1 | -1): void {
		if (collection === 'pledges') {
			const pledge = record as unknown as Pledge;
			const cents = toCents(pledge.valueEur);
			this.#pledgedCents += sign * cents;
			this.#byDonor.add(pledge.donor, cents, 0, sign);
			this.#byCategory.add(pledge.category, cents, 0, sign);
			return;
		}
		const delivery = record as unknown as Delivery;
		if (delivery.status === 'in-transit') this.#inTransit += sign;
		if (delivery.expectedOn !== null && OPEN_STATUSES.includes(delivery.status)) this.#openByExpectedOn.move(delivery.expectedOn, sign);
		if (delivery.status !== 'delivered') return;
		const cents = toCents(delivery.valueEur);
		this.#deliveredCents += sign * cents;
		this.#byDonor.add(delivery.donor, 0, cents, sign);
		this.#byCategory.add(delivery.category, 0, cents, sign);
		if (delivery.daysToDeliver !== null) this.#daysToDeliver.move(delivery.daysToDeliver, sign);
	}

	figures(): SupportKpis {
		let overdue = 0;
		for (const [expectedOn, count] of this.#openByExpectedOn.entries()) if (expectedOn < this.today) overdue += count;
		return {
			pledgedEur: fromCents(this.#pledgedCents),
			deliveredEur: fromCents(this.#deliveredCents),
			deliveredShare: deliveredShare(this.#pledgedCents, this.#deliveredCents),
			inTransit: this.#inTransit,
			overdue,
			medianDaysToDeliver: this.#daysToDeliver.median(),
			byDonor: this.#byDonor.figures(),
			byCategory: this.#byCategory.figures()
		};
	}
}
