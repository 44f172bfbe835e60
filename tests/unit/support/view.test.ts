import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '$lib/domain/cell/audit';
import type { Delivery } from '$lib/domain/support/deliveries';
import { supportKpis, type SupportKpis } from '$lib/domain/support/kpis';
import type { Pledge } from '$lib/domain/support/pledges';
import { deliveryFromForm, pledgeFromForm, stepFromForm } from '$lib/domain/support/forms';
import { sortRows, toggleSort } from '$lib/client/sort';
import { cumulativeDelivered, deliveredShareOf, deliveriesByPledge, donorFigures, remainingOf, totalsBy } from '$lib/client/support/figures';
import { DEFAULT_FILTERS, exportLinks, filterDeliveries, filterPledges, filtersFromQuery, filtersToQuery } from '$lib/client/support/filters';
import { stepHistory } from '$lib/client/support/history';
import { supportRights } from '$lib/client/support/rights';
import { liveOrLoaded as seeded, type LiveSource } from '$lib/client/live-source';
import { SupportView } from '$lib/client/support/view.svelte';
import { settable } from './settable.svelte';

const TODAY = '2026-02-10';

const pledge = (id: string, overrides: Partial<Pledge> = {}): Pledge => ({
	id,
	donor: 'DEU',
	announcedOn: '2026-01-06',
	measure: 'commitment',
	category: 'air-defence',
	item: `Item ${id}`,
	quantity: 10,
	unit: 'fire units',
	valueEur: 1_000_000,
	valuation: 'reported',
	channel: 'procurement',
	source: null,
	deliveredQuantity: 0,
	deliveredValueEur: 0,
	exercise: false,
	releasableTo: 'coalition',
	...overrides
});

const delivery = (id: string, pledgeId: string, overrides: Partial<Delivery> = {}): Delivery => ({
	id,
	pledgeId,
	donor: 'DEU',
	category: 'air-defence',
	quantity: 1,
	valueEur: 100_000,
	status: 'planned',
	hub: null,
	expectedOn: null,
	deliveredOn: null,
	daysToDeliver: null,
	lastStep: null,
	exercise: false,
	releasableTo: 'coalition',
	...overrides
});

const arrived = (on: string, days = 10): Partial<Delivery> => ({ status: 'delivered', deliveredOn: on, daysToDeliver: days });

/** Germany: two pledges (cents that floats add badly), one arrived, one in transit, one late; France: one, one arrived. */
const PLEDGES = [
	pledge('p1', { valueEur: 0.1 }),
	pledge('p2', { valueEur: 0.2, announcedOn: '2026-01-20', category: 'artillery' }),
	pledge('p3', { donor: 'FRA', valueEur: 36_000_000, category: 'artillery' })
];
const DELIVERIES = [
	delivery('d1', 'p1', { valueEur: 0.1, ...arrived('2026-01-10', 4) }),
	delivery('d2', 'p2', { valueEur: 0.1, status: 'in-transit', expectedOn: '2026-03-01', category: 'artillery' }),
	delivery('d3', 'p2', { valueEur: 0.05, status: 'contracted', expectedOn: '2026-02-09', category: 'artillery' }),
	delivery('d4', 'p3', { donor: 'FRA', category: 'artillery', valueEur: 12_000_000, ...arrived('2026-01-08', 30) }),
	delivery('d5', 'p3', { donor: 'FRA', category: 'artillery', valueEur: 6_000_000, status: 'cancelled', expectedOn: '2026-01-01' })
];

describe('support figures: what the charts and tables show', () => {
	it('totals pledged against delivered by donor exactly as the server recounts them, the largest pledge first', () => {
		const byDonor = totalsBy('donor', PLEDGES, DELIVERIES, TODAY);
		expect(byDonor.map((t) => t.key)).toEqual(['FRA', 'DEU']);
		const recount = supportKpis(PLEDGES, DELIVERIES, TODAY).byDonor;
		for (const t of byDonor) expect({ pledgedEur: t.pledgedEur, deliveredEur: t.deliveredEur }).toEqual(recount[t.key]);
		expect(byDonor[1]).toEqual({ key: 'DEU', pledgedEur: 0.3, deliveredEur: 0.1, outstandingEur: 0.2, pledges: 2, deliveries: 3, overdue: 1 });
		// A cancelled delivery is no longer overdue, whatever day it was expected.
		expect(byDonor[0]).toMatchObject({ key: 'FRA', outstandingEur: 24_000_000, overdue: 0 });
	});

	it('totals by category, and never shows a negative "not yet delivered"', () => {
		const byCategory = totalsBy('category', [pledge('q', { quantity: 5, valueEur: null })], [delivery('x', 'q', { valueEur: 10, ...arrived('2026-02-01') })], TODAY);
		expect(byCategory).toEqual([{ key: 'air-defence', pledgedEur: 0, deliveredEur: 10, outstandingEur: 0, pledges: 1, deliveries: 1, overdue: 0 }]);
	});

	it('sums delivered EUR over time by day of arrival, oldest first, only what arrived', () => {
		const more = [...DELIVERIES, delivery('d6', 'p1', { valueEur: 0.2, ...arrived('2026-01-10') })];
		expect(cumulativeDelivered(more)).toEqual([
			{ on: '2026-01-08', dayEur: 12_000_000, totalEur: 12_000_000 },
			{ on: '2026-01-10', dayEur: 0.3, totalEur: 12_000_000.3 }
		]);
		expect(cumulativeDelivered([])).toEqual([]);
	});

	it("lists a pledge's deliveries soonest expected first, those without a day last", () => {
		const byPledge = deliveriesByPledge([delivery('b', 'p'), delivery('c', 'p', { expectedOn: '2026-03-01' }), delivery('a', 'p', { expectedOn: '2026-02-01' }), delivery('z', 'other')]);
		expect(byPledge.get('p')?.map((d) => d.id)).toEqual(['a', 'c', 'b']);
		expect(byPledge.get('other')?.map((d) => d.id)).toEqual(['z']);
	});

	it("gives a pledge's delivered share by value, else by pieces, and what is left of it for new deliveries", () => {
		expect(deliveredShareOf(pledge('v', { valueEur: 0.3, deliveredValueEur: 0.1 }))).toBeCloseTo(1 / 3);
		expect(deliveredShareOf(pledge('q', { valueEur: null, quantity: 8, deliveredQuantity: 2 }))).toBe(0.25);
		expect(deliveredShareOf(pledge('n', { valueEur: 100, deliveredValueEur: 150 }))).toBe(1);
		const p = pledge('p', { quantity: 10, valueEur: 0.3 });
		const taken = [delivery('a', 'p', { quantity: 4, valueEur: 0.1 }), delivery('b', 'p', { quantity: 5, valueEur: 0.2, status: 'cancelled' })];
		expect(remainingOf(p, taken)).toEqual({ quantity: 6, valueEur: 0.2 });
		expect(remainingOf(pledge('f', { quantity: null, valueEur: 50 }), [])).toEqual({ quantity: null, valueEur: 50 });
	});

	it("builds a donor's strip from the board's figures for that donor and its own deliveries", () => {
		const kpis: SupportKpis = { ...supportKpis(PLEDGES, DELIVERIES, TODAY), byDonor: { DEU: { pledgedEur: 0.3, deliveredEur: 0.1 } } };
		const deu = DELIVERIES.filter((d) => d.donor === 'DEU');
		expect(donorFigures(kpis, 'DEU', deu, TODAY)).toEqual({ pledgedEur: 0.3, deliveredEur: 0.1, deliveredShare: 1 / 3, inTransit: 1, overdue: 1, medianDaysToDeliver: 4 });
		expect(donorFigures(kpis, 'POL', [], TODAY)).toEqual({ pledgedEur: 0, deliveredEur: 0, deliveredShare: 0, inTransit: 0, overdue: 0, medianDaysToDeliver: null });
		expect(donorFigures(null, 'DEU', deu, TODAY)).toBeNull();
	});
});

describe('support filters, sorting and exports', () => {
	it('reads filters from a URL, dropping what is not a choice, and writes back only what is set', () => {
		expect(filtersFromQuery(new URLSearchParams('donor=deu&category=lasers&status=in-transit&overdue=yes'))).toEqual({ ...DEFAULT_FILTERS, status: 'in-transit' });
		const filters = { donor: 'DEU', category: 'artillery', status: '', overdue: true } as const;
		expect(filtersToQuery(filters).toString()).toBe('donor=DEU&category=artillery&overdue=true');
		expect(filtersFromQuery(filtersToQuery(filters))).toEqual(filters);
		expect(filtersToQuery(DEFAULT_FILTERS).toString()).toBe('');
	});

	it('with "overdue only", keeps the late deliveries and the pledges that have one', () => {
		const filters = { ...DEFAULT_FILTERS, overdue: true };
		const byPledge = deliveriesByPledge(DELIVERIES);
		expect(filterDeliveries(DELIVERIES, filters, TODAY).map((d) => d.id)).toEqual(['d3']);
		expect(filterPledges(PLEDGES, (id) => byPledge.get(id) ?? [], filters, TODAY).map((p) => p.id)).toEqual(['p2']);
		// The day after its expected day was the first it was late; before then it was not.
		expect(filterDeliveries(DELIVERIES, filters, '2026-02-09')).toEqual([]);
		expect(filterPledges(PLEDGES, (id) => byPledge.get(id) ?? [], { ...DEFAULT_FILTERS, donor: 'FRA', category: 'artillery' }, TODAY).map((p) => p.id)).toEqual(['p3']);
	});

	it('carries into each export link the filters its API takes, and says which it cannot', () => {
		expect(exportLinks(DEFAULT_FILTERS)).toEqual({ pledges: { href: '/api/v1/pledges.csv', unapplied: [] }, deliveries: { href: '/api/v1/deliveries.csv', unapplied: [] } });
		expect(exportLinks({ donor: 'DEU', category: 'artillery', status: 'planned', overdue: true })).toEqual({
			pledges: { href: '/api/v1/pledges.csv?donor=DEU&category=artillery', unapplied: ['status', 'overdue'] },
			deliveries: { href: '/api/v1/deliveries.csv?donor=DEU&status=planned&overdue=true', unapplied: ['category'] }
		});
	});

	it('sorts by a column either way with empty values last, and a second click turns the order round', () => {
		const rows = [{ v: 2 }, { v: null }, { v: 10 }, { v: 1 }];
		const columns = { v: (r: { v: number | null }) => r.v };
		expect(sortRows(rows, columns, { column: 'v', direction: 'ascending' }).map((r) => r.v)).toEqual([1, 2, 10, null]);
		expect(sortRows(rows, columns, { column: 'v', direction: 'descending' }).map((r) => r.v)).toEqual([10, 2, 1, null]);
		expect(toggleSort({ column: 'v', direction: 'ascending' }, 'v')).toEqual({ column: 'v', direction: 'descending' });
		expect(toggleSort({ column: 'v', direction: 'descending' }, 'w')).toEqual({ column: 'w', direction: 'ascending' });
	});
});

describe('support rights: what the pages offer', () => {
	it('offers a partner its own nation only, and the steps open from each status', () => {
		const partner = supportRights('partner', 'DEU');
		expect(partner.donors).toBe('DEU');
		expect(partner.deliverFor('DEU')).toBe(true);
		expect(partner.deliverFor('FRA')).toBe(false);
		expect(partner.stepsFor({ donor: 'DEU', status: 'planned' })).toEqual(['contract', 'cancel']);
		expect(partner.stepsFor({ donor: 'DEU', status: 'in-transit' })).toEqual(['deliver', 'cancel']);
		expect(partner.stepsFor({ donor: 'DEU', status: 'delivered' })).toEqual([]);
		expect(partner.stepsFor({ donor: 'FRA', status: 'planned' })).toEqual([]);
		expect(partner.import).toBe(false);
		const officer = supportRights('officer', 'FRA');
		expect(officer.donors).toBe('any');
		expect(officer.stepsFor({ donor: 'DEU', status: 'contracted' })).toEqual(['dispatch', 'cancel']);
		expect(officer.import).toBe(true);
		const leader = supportRights('leadership', 'USA');
		expect([leader.pledge, leader.deliverFor('DEU'), leader.stepsFor({ donor: 'DEU', status: 'planned' }).length, leader.history]).toEqual([false, false, 0, true]);
	});
});

describe("a delivery's step history", () => {
	const entry = (seq: number, name: string, changes: AuditEntry['changes'], actorName = 'Oberst Krüger'): AuditEntry => ({
		seq,
		at: `2026-02-0${seq}T10:00:00.000Z`,
		name,
		collection: 'deliveries',
		entityId: 'd1',
		actorId: 'u1',
		actorName,
		actorNation: 'DEU',
		changes
	});

	it('reads each step with its day and reason, oldest first, from the history as the server gives it (newest first)', () => {
		const history = [
			entry(4, 'deliveries.delivered', [
				{ field: 'status', before: 'in-transit', after: 'delivered' },
				{ field: 'deliveredOn', before: null, after: '2026-02-03' },
				{ field: 'lastStep', before: null, after: { action: 'deliver', reason: null, on: '2026-02-03', by: 'Oberst Krüger', at: '2026-02-04T10:00:00.000Z' } }
			]),
			entry(3, 'deliveries.updated', [{ field: 'hub', before: null, after: 'Jasionka' }, { field: 'pledgeId', before: 'a', after: 'b' }], 'Officer Duval'),
			entry(2, 'deliveries.dispatched', [
				{ field: 'status', before: 'planned', after: 'in-transit' },
				{ field: 'lastStep', before: null, after: { action: 'dispatch', reason: 'By rail', on: '2026-02-01', by: 'Oberst Krüger', at: '2026-02-02T10:00:00.000Z' } }
			]),
			entry(1, 'deliveries.created', [{ field: 'status', before: null, after: 'planned' }])
		];
		expect(stepHistory(history).map(({ what, status, on, reason, by }) => ({ what, status, on, reason, by }))).toEqual([
			{ what: 'Recorded as planned', status: 'planned', on: null, reason: null, by: 'Oberst Krüger' },
			{ what: 'Dispatched', status: 'in-transit', on: '2026-02-01', reason: 'By rail', by: 'Oberst Krüger' },
			{ what: 'Changed: Hub', status: null, on: null, reason: null, by: 'Officer Duval' },
			{ what: 'Delivered', status: 'delivered', on: '2026-02-03', reason: null, by: 'Oberst Krüger' }
		]);
	});
});

describe('support forms: a form post as the command it asks for', () => {
	const formOf = (fields: Record<string, string | string[]>) => {
		const form = new FormData();
		for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
		return form;
	};

	it('reads a pledge: numbers as typed (spaces allowed), empty fields left out, the marking chosen', () => {
		const read = pledgeFromForm(
			formOf({ donor: 'DEU', announcedOn: '2026-02-01', measure: 'commitment', category: 'ammunition', item: '155 mm rounds', quantity: '10 000', unit: '', valueEur: '1 500 000.50', valuation: 'estimate', channel: 'procurement', source: '', releasability: 'nations', nations: ['POL', 'DEU'] })
		);
		expect(read.ok && read.payload).toEqual({
			donor: 'DEU',
			announcedOn: '2026-02-01',
			measure: 'commitment',
			category: 'ammunition',
			item: '155 mm rounds',
			quantity: 10_000,
			unit: undefined,
			valueEur: 1_500_000.5,
			valuation: 'estimate',
			channel: 'procurement',
			source: undefined,
			releasableTo: ['DEU', 'POL']
		});
	});

	it('refuses what cannot be a number and an empty nation list, beside their fields, echoing what was typed', () => {
		const read = pledgeFromForm(formOf({ donor: 'DEU', item: 'Shells', quantity: '1,5', valueEur: 'a lot', releasability: 'nations' }));
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(Object.keys(read.error.fields ?? {}).sort()).toEqual(['quantity', 'releasableTo', 'valueEur']);
		expect(read.values).toMatchObject({ item: 'Shells', quantity: '1,5', valueEur: 'a lot' });
		expect(read.choice).toEqual({ mode: 'nations', nations: [] });
	});

	it('sends a delivery day only with an arrived delivery, and a step with its day and reason', () => {
		const planned = deliveryFromForm(formOf({ pledgeId: 'p', quantity: '3', valueEur: '', status: 'planned', deliveredOn: '2026-02-01', hub: ' ', expectedOn: '2026-03-01' }));
		expect(planned.ok && planned.payload).toEqual({ pledgeId: 'p', quantity: 3, valueEur: undefined, hub: undefined, expectedOn: '2026-03-01', status: 'planned', deliveredOn: undefined });
		const delivered = deliveryFromForm(formOf({ pledgeId: 'p', quantity: '3', status: 'delivered', deliveredOn: '2026-02-01' }));
		expect(delivered.ok && delivered.payload).toMatchObject({ status: 'delivered', deliveredOn: '2026-02-01' });
		expect(stepFromForm(formOf({ id: 'd', action: 'cancel', reason: 'Stock reallocated', on: '' })).values).toEqual({ id: 'd', action: 'cancel', reason: 'Stock reallocated', on: '' });
		const step = stepFromForm(formOf({ id: 'd', action: 'cancel', reason: 'Stock reallocated', on: '' }));
		expect(step.ok && step.payload).toEqual({ id: 'd', action: 'cancel', reason: 'Stock reallocated', on: undefined });
	});
});

describe('the support view over the live store', () => {
	const store = () => {
		const records = settable<{ pledges: Pledge[]; deliveries: Delivery[] }>({ pledges: PLEDGES, deliveries: DELIVERIES });
		const kpis = settable<Record<string, unknown>>({});
		const source: LiveSource = {
			records: ((collection: string) => (collection === 'pledges' || collection === 'deliveries' ? records.value[collection] : [])) as LiveSource['records'],
			get kpis() {
				return kpis.value;
			}
		};
		return { records, kpis, source };
	};

	it('types records and figures, follows changes, and turns deliveries overdue when the day turns', () => {
		const { records, kpis, source } = store();
		const day = settable('2026-02-09');
		const view = new SupportView(source, {
			get today() {
				return day.value;
			}
		});
		expect(view.pledges.map((p) => p.id)).toEqual(['p2', 'p1', 'p3']);
		expect(view.deliveriesOf('p2').map((d) => d.id)).toEqual(['d3', 'd2']);
		expect(view.deliveriesOf('nothing')).toEqual([]);
		expect(view.kpis).toBeNull();
		expect(view.isOverdue({ id: 'd3' })).toBe(false);

		day.value = TODAY;
		expect(view.isOverdue({ id: 'd3' })).toBe(true);
		expect(view.byDonor.find((t) => t.key === 'DEU')?.overdue).toBe(1);

		const figures = supportKpis(PLEDGES, DELIVERIES, TODAY);
		kpis.value = { support: figures };
		expect(view.kpis).toBe(figures);

		records.value = { pledges: PLEDGES, deliveries: DELIVERIES.map((d) => (d.id === 'd2' ? { ...d, ...arrived('2026-02-10') } : d)) };
		expect(view.cumulative.at(-1)).toEqual({ on: '2026-02-10', dayEur: 0.1, totalEur: 12_000_000.2 });
		expect(view.byDonor.find((t) => t.key === 'DEU')?.deliveredEur).toBe(0.2);
	});

	it("scoped to a donor, holds only that donor's pledges and deliveries", () => {
		const { source } = store();
		const donor = settable('FRA');
		const view = new SupportView(source, { today: TODAY }, {
			get donor() {
				return donor.value;
			}
		});
		expect(view.pledges.map((p) => p.id)).toEqual(['p3']);
		expect(view.cumulative).toEqual([{ on: '2026-01-08', dayEur: 12_000_000, totalEur: 12_000_000 }]);
		donor.value = 'DEU';
		expect(view.pledges.map((p) => p.id)).toEqual(['p2', 'p1']);
		expect(view.byCategory.map((t) => t.key)).toEqual(['artillery', 'air-defence']);
	});

	it("shows the server's first read until the live picture is in, the live picture from then on", () => {
		const ready = settable(false);
		const live = {
			records: ((collection: string) => (collection === 'pledges' ? [pledge('live')] : [])) as LiveSource['records'],
			kpis: { support: 'live figures' },
			get ready() {
				return ready.value;
			}
		};
		const source = seeded(live, () => ({ records: { pledges: [pledge('first-read')] }, kpis: { support: 'server figures' } }));
		expect(source.records('pledges').map((p) => p.id)).toEqual(['first-read']);
		expect(source.records('deliveries')).toEqual([]);
		expect(source.kpis).toEqual({ support: 'server figures' });
		ready.value = true;
		expect(source.records('pledges').map((p) => p.id)).toEqual(['live']);
		expect(source.kpis).toEqual({ support: 'live figures' });
	});
});
