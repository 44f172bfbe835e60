import { asc, desc } from 'drizzle-orm';
import { DEPOT_REQUEST_WORKFLOW, type DepotRequest } from '$lib/domain/support/depot-requests';
import { DELIVERY_WORKFLOW, DeliveryFilter, type Delivery } from '$lib/domain/support/deliveries';
import type { Fortification } from '$lib/domain/support/fortifications';
import { PledgeFilter, type Pledge } from '$lib/domain/support/pledges';
import { deliveries, depotRequests, fortifications, pledges } from '../db/schema';
import { CSV_CONTENT_TYPE, csvOf } from '../http/exports';
import { presentDelivery, presentDepotRequest, presentFortification, presentPledge } from '../presenters';
import { listDeliveries, listPledges } from '../reads/support';
import { defineCollection, workflowActions } from './registry';

/** Guarantee 2: support for Ukraine's armed forces. */

export const depotRequestsCollection = defineCollection<DepotRequest>({
	name: 'depot-requests',
	noun: 'depot request',
	table: depotRequests,
	idColumn: depotRequests.id,
	releasableColumn: depotRequests.releasableTo,
	present: presentDepotRequest,
	order: [desc(depotRequests.requestedAt)],
	read: 'records.read',
	history: 'history.read',
	exports: {
		csv: {
			contentType: CSV_CONTENT_TYPE,
			fileName: 'depot-requests.csv',
			render: csvOf<DepotRequest>(['id', 'nation', 'depot', 'item', 'purpose', 'status', 'requestedAt', 'respondedAt', 'responseDays', 'reason', 'exercise'])
		}
	},
	/** `{ nation, depot, item, purpose?, requestedAt?, releasableTo?, exercise? }`; a partner: its own nation's depots, releasable to it. */
	create: { type: 'depot-requests.create' },
	/** `grant | refuse` with `{ reason }`; an answered request is 409, another nation's (a partner) 403. */
	actions: workflowActions('depot-requests.answer', DEPOT_REQUEST_WORKFLOW.actions)
});

export const pledgesCollection = defineCollection<Pledge, typeof PledgeFilter>({
	name: 'pledges',
	noun: 'pledge',
	table: pledges,
	idColumn: pledges.id,
	releasableColumn: pledges.releasableTo,
	present: presentPledge,
	order: [desc(pledges.announcedOn), asc(pledges.id)],
	read: 'records.read',
	history: 'history.read',
	/** Filters `donor, category, measure, channel, from, to` (announcement days). */
	query: PledgeFilter,
	list: (ctx, filter) => listPledges(ctx.db, ctx.viewer, filter),
	exports: {
		csv: {
			contentType: CSV_CONTENT_TYPE,
			fileName: 'pledges.csv',
			render: csvOf<Pledge>(['id', 'donor', 'announcedOn', 'measure', 'category', 'item', 'quantity', 'unit', 'valueEur', 'valuation', 'channel', 'source', 'deliveredQuantity', 'deliveredValueEur', 'exercise'])
		}
	},
	/** `{ donor, announcedOn, measure, category, item, quantity?, unit?, valueEur?, valuation?, channel, source?, releasableTo? }`; a partner: its own nation's, releasable to it. */
	create: { type: 'pledges.create' },
	/** Any field but the donor; its deliveries follow a change of releasability. */
	update: { type: 'pledges.update' }
});

export const deliveriesCollection = defineCollection<Delivery, typeof DeliveryFilter>({
	name: 'deliveries',
	noun: 'delivery',
	table: deliveries,
	idColumn: deliveries.id,
	releasableColumn: deliveries.releasableTo,
	present: presentDelivery,
	order: [asc(deliveries.expectedOn), asc(deliveries.id)],
	read: 'records.read',
	history: 'history.read',
	/** Filters `pledge, donor, status, overdue=true`. */
	query: DeliveryFilter,
	list: (ctx, filter) => listDeliveries(ctx.db, ctx.viewer, filter),
	exports: {
		csv: {
			contentType: CSV_CONTENT_TYPE,
			fileName: 'deliveries.csv',
			render: csvOf<Delivery>(['id', 'pledgeId', 'donor', 'category', 'quantity', 'valueEur', 'status', 'hub', 'expectedOn', 'deliveredOn', 'daysToDeliver', 'exercise'])
		}
	},
	/** `{ pledgeId, quantity?, valueEur?, hub?, expectedOn?, status?, deliveredOn? }`: never past the pledge (409 saying by how much). */
	create: { type: 'deliveries.create' },
	/** `{ quantity?, valueEur?, hub?, expectedOn? }` while on its way. */
	update: { type: 'deliveries.update' },
	/** `contract | dispatch | deliver | cancel` with `{ reason?, on? }`; cancel needs a reason. */
	actions: workflowActions('deliveries.step', DELIVERY_WORKFLOW.actions)
});

export const fortificationsCollection = defineCollection<Fortification>({
	name: 'fortifications',
	noun: 'fortification',
	table: fortifications,
	idColumn: fortifications.id,
	releasableColumn: fortifications.releasableTo,
	present: presentFortification,
	order: [asc(fortifications.sectorId), asc(fortifications.kind), asc(fortifications.id)],
	read: 'records.read',
	history: 'history.read',
	exports: {
		csv: {
			contentType: CSV_CONTENT_TYPE,
			fileName: 'fortifications.csv',
			render: csvOf<Fortification>(['id', 'sectorId', 'kind', 'unit', 'planned', 'built', 'notes', 'updatedAt', 'exercise'])
		}
	},
	/** `{ sectorId, kind, unit (km | sites), planned, built?, notes?, releasableTo? }`, never wider than its sector. */
	create: { type: 'fortifications.create' },
	/** `{ planned?, built?, notes?, releasableTo? }` */
	update: { type: 'fortifications.update' }
});
