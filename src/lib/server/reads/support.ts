import { and, asc, desc, eq, gte, inArray, isNotNull, lt, lte } from 'drizzle-orm';
import type { Viewer } from '$lib/domain/identity/actor';
import { utcDay } from '$lib/domain/core/dates';
import { OPEN_STATUSES, type Delivery, type DeliveryFilter } from '$lib/domain/support/deliveries';
import type { Pledge, PledgeFilter } from '$lib/domain/support/pledges';
import type { Db } from '../db/client';
import { deliveries, pledges } from '../db/schema';
import { visibleTo } from '../db/visibility';
import { presentDelivery, presentPledge } from '../presenters';

/** Guarantee 2's lists, filtered in the database and by releasability, the same for JSON and CSV. */

export async function listPledges(db: Db, viewer: Viewer, filter: PledgeFilter): Promise<Pledge[]> {
	const rows = await db
		.select()
		.from(pledges)
		.where(
			and(
				visibleTo(pledges.releasableTo, viewer),
				filter.donor ? eq(pledges.donor, filter.donor) : undefined,
				filter.category ? eq(pledges.category, filter.category) : undefined,
				filter.measure ? eq(pledges.measure, filter.measure) : undefined,
				filter.channel ? eq(pledges.channel, filter.channel) : undefined,
				filter.from ? gte(pledges.announcedOn, filter.from) : undefined,
				filter.to ? lte(pledges.announcedOn, filter.to) : undefined
			)
		)
		.orderBy(desc(pledges.announcedOn), asc(pledges.id))
		.limit(filter.limit);
	return rows.map(presentPledge);
}

export async function listDeliveries(db: Db, viewer: Viewer, filter: DeliveryFilter, today = utcDay(new Date())): Promise<Delivery[]> {
	const rows = await db
		.select()
		.from(deliveries)
		.where(
			and(
				visibleTo(deliveries.releasableTo, viewer),
				filter.pledge ? eq(deliveries.pledgeId, filter.pledge) : undefined,
				filter.donor ? eq(deliveries.donor, filter.donor) : undefined,
				filter.status ? eq(deliveries.status, filter.status) : undefined,
				filter.overdue === 'true' ? and(isNotNull(deliveries.expectedOn), lt(deliveries.expectedOn, today), inArray(deliveries.status, [...OPEN_STATUSES])) : undefined
			)
		)
		.orderBy(asc(deliveries.expectedOn), asc(deliveries.id))
		.limit(filter.limit);
	return rows.map(presentDelivery);
}
