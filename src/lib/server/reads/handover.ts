import { and, count, inArray, isNotNull, isNull, lt, ne } from 'drizzle-orm';
import { utcDay } from '$lib/domain/core/dates';
import type { OpenWork } from '$lib/domain/cell/handover';
import { OPEN_STATUSES } from '$lib/domain/support/deliveries';
import type { Db } from '../db/client';
import { activations, alerts, deliveries, violations } from '../db/schema';

/** What the watch holds open now, for the outgoing officer's draft (the cell's view: everything). */
export async function openWorkNow(db: Db): Promise<OpenWork> {
	const [open, [awaiting], [overdue], [drill]] = await Promise.all([
		db.select({ title: alerts.title }).from(alerts).where(isNull(alerts.acknowledgedBy)).limit(20),
		db.select({ n: count() }).from(violations).where(inArray(violations.status, ['reported', 'under-verification'])),
		db
			.select({ n: count() })
			.from(deliveries)
			.where(and(isNotNull(deliveries.expectedOn), lt(deliveries.expectedOn, utcDay(new Date())), inArray(deliveries.status, [...OPEN_STATUSES]))),
		db.select({ scenario: activations.scenario, exercise: activations.exercise }).from(activations).where(ne(activations.state, 'stood-down')).limit(1)
	]);
	return { unacknowledgedAlerts: open, awaitingVerification: awaiting?.n ?? 0, overdueDeliveries: overdue?.n ?? 0, activeDrill: drill ?? null };
}
