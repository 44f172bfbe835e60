import { DELIVERY_STATUSES, isOverdue, type Delivery, type DeliveryStatus } from '$lib/domain/support/deliveries';
import { PLEDGE_CATEGORIES, type Pledge, type PledgeCategory } from '$lib/domain/support/pledges';

/** What the support page filters its tables by; the same choices shape its URL and the export links. */
export interface SupportFilters {
	/** A donor's alpha-3 code, or '' for every donor. */
	donor: string;
	category: PledgeCategory | '';
	/** A delivery status: deliveries in it, and pledges with one in it. */
	status: DeliveryStatus | '';
	/** Only overdue deliveries, and pledges with one. */
	overdue: boolean;
}

export const DEFAULT_FILTERS: SupportFilters = Object.freeze({ donor: '', category: '', status: '', overdue: false });

const NATION = /^[A-Z]{3}$/;

/** Filters from a URL (a shared link, a plain form's GET); anything unknown falls back to "any". */
export function filtersFromQuery(params: URLSearchParams): SupportFilters {
	const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | '' => (value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '');
	const donor = params.get('donor') ?? '';
	return {
		donor: NATION.test(donor) ? donor : '',
		category: pick(params.get('category'), PLEDGE_CATEGORIES),
		status: pick(params.get('status'), DELIVERY_STATUSES),
		overdue: params.get('overdue') === 'true'
	};
}

/** The filters as URL parameters (the API's own names), leaving out "any" so a plain /support stays plain. */
export function filtersToQuery(filters: SupportFilters): URLSearchParams {
	const query = new URLSearchParams();
	if (filters.donor) query.set('donor', filters.donor);
	if (filters.category) query.set('category', filters.category);
	if (filters.status) query.set('status', filters.status);
	if (filters.overdue) query.set('overdue', 'true');
	return query;
}

export function deliveryMatches(delivery: Delivery, filters: SupportFilters, today: string): boolean {
	if (filters.donor && delivery.donor !== filters.donor) return false;
	if (filters.category && delivery.category !== filters.category) return false;
	if (filters.status && delivery.status !== filters.status) return false;
	if (filters.overdue && !isOverdue(delivery, today)) return false;
	return true;
}

export function filterDeliveries(deliveries: readonly Delivery[], filters: SupportFilters, today: string): Delivery[] {
	return deliveries.filter((d) => deliveryMatches(d, filters, today));
}

/**
 * Pledges of the donor and category chosen; with a status or "overdue" chosen, only those with a
 * delivery that matches too (the filters are about deliveries then: "which pledges are late?").
 */
export function filterPledges(pledges: readonly Pledge[], deliveriesOf: (pledgeId: string) => readonly Delivery[], filters: SupportFilters, today: string): Pledge[] {
	const byDelivery = filters.status !== '' || filters.overdue;
	return pledges.filter((p) => {
		if (filters.donor && p.donor !== filters.donor) return false;
		if (filters.category && p.category !== filters.category) return false;
		return !byDelivery || deliveriesOf(p.id).some((d) => deliveryMatches(d, filters, today));
	});
}

export interface ExportLink {
	href: string;
	/** Filters on screen the export cannot apply (the API filters each list by its own fields). */
	unapplied: string[];
}

/** The CSV exports with the filters each list's API takes: pledges by donor and category, deliveries by donor, status and overdue. */
export function exportLinks(filters: SupportFilters): { pledges: ExportLink; deliveries: ExportLink } {
	const link = (collection: string, query: URLSearchParams, unapplied: (string | false)[]): ExportLink => ({
		href: `/api/v1/${collection}.csv${query.size ? `?${query}` : ''}`,
		unapplied: unapplied.filter((name): name is string => name !== false)
	});
	const pledges = new URLSearchParams();
	if (filters.donor) pledges.set('donor', filters.donor);
	if (filters.category) pledges.set('category', filters.category);
	const deliveries = new URLSearchParams();
	if (filters.donor) deliveries.set('donor', filters.donor);
	if (filters.status) deliveries.set('status', filters.status);
	if (filters.overdue) deliveries.set('overdue', 'true');
	return {
		pledges: link('pledges', pledges, [filters.status !== '' && 'status', filters.overdue && 'overdue']),
		deliveries: link('deliveries', deliveries, [filters.category !== '' && 'category'])
	};
}
