import type { Channel, Measure, Valuation } from '$lib/domain/support/pledges';

/** The pledges' other choices as people read them (the categories' labels live with the domain). */
export const MEASURE_LABELS: Record<Measure, string> = { commitment: 'Commitment', allocation: 'Allocation' };
export const VALUATION_LABELS: Record<Valuation, string> = { reported: 'Reported', 'price-list': 'Price list', estimate: 'Estimate' };
export const CHANNEL_LABELS: Record<Channel, string> = { stockpile: 'From stockpile', procurement: 'Procurement', financing: 'Financing' };

/** "120 howitzers", "—" when the pledge is not counted in pieces. */
export function quantityLabel(quantity: number | null, unit: string | null): string {
	return quantity === null ? '—' : `${quantity.toLocaleString('en-GB')}${unit ? ` ${unit}` : ''}`;
}
