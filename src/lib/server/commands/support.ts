import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne, sql, type Query } from 'drizzle-orm';
import { utcDay } from '$lib/domain/core/dates';
import { AppError } from '$lib/domain/core/errors';
import { toCents } from '$lib/domain/core/money';
import { DEFAULT_RELEASABILITY, canSee, intersect, sameReleasability, type Releasability } from '$lib/domain/core/releasability';
import { viewerOf } from '$lib/domain/identity/actor';
import { checkContribution } from '$lib/domain/identity/contribution';
import { DEPOT_REQUEST_WORKFLOW, answeredStatus } from '$lib/domain/support/depot-requests';
import { DELIVERY_WORKFLOW, measureDelivery, stepStatus, type Committed } from '$lib/domain/support/deliveries';
import { measurableAfter, type CreatePledge } from '$lib/domain/support/pledges';
import { deliveriesCollection, depotRequestsCollection, fortificationsCollection, pledgesCollection } from '../collections/support';
import { insertRows, insertRowsQuery, type FullRow } from '../db/bulk-insert';
import type { Tx } from '../db/client';
import { driverRows, executeStatement, selectRows, templated, updateById } from '../db/statements';
import { deliveries, depotRequests, fortifications, pledges, sectors } from '../db/schema';
import { changed, defineCommand, imported, type Change, type Defer, type RowLoader } from './command';
import { lockedById, rowOf } from './load';

/** Guarantee 2: support for Ukraine's armed forces, fed by the cell and by each donor nation for its own. */

/** A request to a nation's depot: a partner records only its own nation's, releasable to it. */
export const createDepotRequest = defineCommand({
	type: 'depot-requests.create',
	action: 'depot-requests.create',
	async apply(tx, actor, input) {
		const releasableTo = input.releasableTo ?? DEFAULT_RELEASABILITY;
		checkContribution(actor, input.nation, releasableTo);
		const [row] = await tx
			.insert(depotRequests)
			.values({
				id: randomUUID(),
				nation: input.nation,
				depot: input.depot,
				item: input.item,
				purpose: input.purpose ?? null,
				status: 'requested',
				requestedAt: input.requestedAt ? new Date(input.requestedAt) : new Date(),
				exercise: input.exercise ?? false,
				releasableTo
			})
			.returning();
		return changed(depotRequestsCollection, 'created', row!);
	}
});

/**
 * The depot's nation answers once, with a reason; the row is locked, so of two answers at once the
 * second gets a conflict naming the first's outcome.
 */
export const answerDepotRequest = defineCommand({
	type: 'depot-requests.answer',
	action: (input) => DEPOT_REQUEST_WORKFLOW.steps[input.action].permission,
	load: rowOf(depotRequests, 'depot request'),
	async apply(tx, actor, input, { target: request }) {
		checkContribution(actor, request.nation);
		const status = answeredStatus(request.status, input.action);
		const [row] = await tx.update(depotRequests).set({ status, respondedAt: new Date(), reason: input.reason }).where(eq(depotRequests.id, request.id)).returning();
		return changed(depotRequestsCollection, DEPOT_REQUEST_WORKFLOW.steps[input.action].past, row!);
	}
});

type PledgeRow = typeof pledges.$inferSelect;
type DeliveryRow = typeof deliveries.$inferSelect;

const pledgeOf = rowOf(pledges, 'pledge');

/** A delivery's pledge, locked, found through the delivery by its id. */
const pledgeOfDelivery = (tx: Tx) =>
	templated('locked:pledge-of-delivery', () =>
		tx
			.select()
			.from(pledges)
			.where(inArray(pledges.id, tx.select({ id: deliveries.pledgeId }).from(deliveries).where(eq(deliveries.id, sql.placeholder('id')))))
			.for('update')
	);

/**
 * A delivery with its pledge, both locked, the pledge first: every support command locks in that
 * order, so two of them never wait on each other, and of two deliveries racing for the last of a
 * pledge the second counts the first. A delivery is releasable exactly as its pledge: one the actor
 * may not see is not found.
 */
const deliveryWithPledge: RowLoader<{ delivery: DeliveryRow; pledge: PledgeRow }> = {
	async load(tx, actor, id) {
		// Both locks in one flight, the pledge found through the delivery (its pledge never changes);
		// the connection runs them in this order, so the pledge is locked first.
		const [[pledge], [delivery]] = await Promise.all([
			selectRows(tx, pledges, pledgeOfDelivery(tx).fill({ id })),
			lockedById(tx, deliveries, id)
		]);
		if (!pledge || !delivery || !canSee(viewerOf(actor), pledge.releasableTo)) throw new AppError('not_found', 'No such delivery');
		return { delivery, pledge };
	}
};

/** What the pledge's deliveries that are not cancelled already take of it, leaving one out (being changed). */
async function committedTo(tx: Tx, pledgeId: string, except?: string): Promise<Committed> {
	const sums = templated(`committed${except ? '-except' : ''}`, () =>
		tx
			.select({
				// Named: the driver's rows are read by column name.
				quantity: sql<number>`coalesce(sum(${deliveries.quantity}), 0)::int`.as('quantity'),
				valueCents: sql<number>`coalesce(sum(round(${deliveries.valueEur} * 100)), 0)::bigint`.as('valueCents')
			})
			.from(deliveries)
			.where(and(eq(deliveries.pledgeId, sql.placeholder('pledgeId')), ne(deliveries.status, 'cancelled'), except ? ne(deliveries.id, sql.placeholder('except')) : undefined))
	);
	const [row] = await driverRows(tx, sums.fill({ pledgeId, except: except ?? null }));
	return { quantity: Number(row!.quantity), valueCents: Number(row!.valueCents) };
}

/**
 * The pledge's delivered sums, counted and written in one statement. Sent right behind the write of
 * an arrival, in the same flight (Promise.all, in that order), it counts that arrival: statements of
 * one transaction run in the order sent.
 */
function recountDelivered(tx: Tx, pledge: PledgeRow) {
	const delivered = tx.select().from(deliveries).where(and(eq(deliveries.pledgeId, pledge.id), eq(deliveries.status, 'delivered'))).as('delivered');
	return tx
		.update(pledges)
		.set({
			deliveredQuantity: sql`(select coalesce(sum(${delivered.quantity}), 0)::int from ${delivered})`,
			deliveredValueEur: sql`(select coalesce(sum(${delivered.valueEur}), 0) from ${delivered})`
		})
		.where(eq(pledges.id, pledge.id))
		.returning();
}

/**
 * A delivery's write and its change. Deferred to the commit's flight, unless the delivery arrives:
 * then its pledge's delivered sums are recounted right behind it, and the pledge is a change too.
 */
async function deliveryWritten(tx: Tx, defer: Defer, write: Query, change: Change, pledge: PledgeRow, arrival: boolean): Promise<Change | Change[]> {
	if (!arrival) {
		defer(write);
		return change;
	}
	const [, [recounted]] = await Promise.all([executeStatement(tx, write), recountDelivered(tx, pledge)]);
	return [change, changed(pledgesCollection, 'delivery-received', recounted!, { was: pledge })];
}

/** A day a step happened: not in the future, and for an arrival not before the pledge was announced. */
function dayOfStep(on: string | undefined, pledge: PledgeRow, arrival: boolean, field: string): string {
	const today = utcDay(new Date());
	const day = on ?? today;
	if (day > today) throw new AppError('validation', 'A step cannot be dated in the future', { [field]: [`Today (UTC) is ${today}`] });
	if (arrival && day < pledge.announcedOn) throw new AppError('validation', 'A delivery cannot arrive before its pledge was announced', { [field]: [`The pledge was announced on ${pledge.announcedOn}`] });
	return day;
}

/** A donor's pledge: a partner records only its own nation's, releasable to it. */
export const createPledge = defineCommand({
	type: 'pledges.create',
	action: 'pledges.create',
	async apply(tx, actor, input) {
		const releasableTo = input.releasableTo ?? DEFAULT_RELEASABILITY;
		checkContribution(actor, input.donor, releasableTo);
		const [row] = await insertPledges(tx, [{ ...input, releasableTo }]);
		return changed(pledgesCollection, 'created', row!);
	}
});

/**
 * A tracker import (kiel-import.ts): every row or none, in one transaction, each row checked and
 * written as `pledges.create` would; logged as one import plus each pledge.
 */
export const importPledges = defineCommand({
	type: 'pledges.import',
	action: 'pledges.import',
	async apply(tx, actor, input) {
		const rows = input.rows.map((row) => {
			const releasableTo = row.releasableTo ?? input.releasableTo ?? DEFAULT_RELEASABILITY;
			checkContribution(actor, row.donor, releasableTo);
			return { ...row, exercise: row.exercise ?? input.exercise, releasableTo };
		});
		const created = await insertPledges(tx, rows);
		return [imported('pledges', actor, rows.length), ...created.map((row) => changed(pledgesCollection, 'created', row))];
	}
});

/** Pledge rows, as every path that records pledges writes them: one statement however many. */
function insertPledges(tx: Tx, inputs: readonly (CreatePledge & { releasableTo: Releasability })[]): Promise<PledgeRow[]> {
	const now = new Date();
	return insertRows(
		tx,
		pledges,
		inputs.map((input) => ({
			id: randomUUID(),
			donor: input.donor,
			announcedOn: input.announcedOn,
			measure: input.measure,
			category: input.category,
			item: input.item,
			quantity: input.quantity ?? null,
			unit: input.unit ?? null,
			valueEur: input.valueEur ?? null,
			valuation: input.valuation ?? 'reported',
			channel: input.channel,
			source: input.source ?? null,
			deliveredQuantity: 0,
			deliveredValueEur: 0,
			createdAt: now,
			exercise: input.exercise ?? false,
			releasableTo: input.releasableTo
		}))
	).returning();
}

/**
 * A correction of a pledge. Its deliveries are releasable exactly as it is and carry its category and
 * announcement day, so they change with it, in the same transaction; its quantity and value never
 * drop below what its deliveries already take.
 */
export const updatePledge = defineCommand({
	type: 'pledges.update',
	action: 'pledges.update',
	load: pledgeOf,
	async apply(tx, actor, input, { target: pledge }) {
		const { id: _id, ...set } = input;
		checkContribution(actor, pledge.donor, set.releasableTo ?? pledge.releasableTo);
		if (!measurableAfter(pledge, input)) throw new AppError('validation', 'A pledge needs a quantity, a value in EUR, or both', { quantity: ['Give a quantity, a value in EUR, or both'] });
		const committed = await committedTo(tx, pledge.id);
		const fields: Record<string, string[]> = {};
		if (set.quantity !== undefined && (committed.quantity > 0 || set.quantity !== null) && (set.quantity ?? -1) < committed.quantity) {
			fields.quantity = [`Its deliveries already take ${committed.quantity}`];
		}
		if (set.valueEur !== undefined && (committed.valueCents > 0 || set.valueEur !== null) && (set.valueEur === null ? -1 : toCents(set.valueEur)) < committed.valueCents) {
			fields.valueEur = [`Its deliveries already take €${(committed.valueCents / 100).toFixed(2)}`];
		}
		if (Object.keys(fields).length) throw new AppError('conflict', 'The pledge cannot shrink below what its deliveries already take', fields);

		const [row] = await tx.update(pledges).set(set).where(eq(pledges.id, pledge.id)).returning();
		const changes = [changed(pledgesCollection, 'updated', row!, { was: pledge, previousReleasableTo: pledge.releasableTo })];
		if (set.releasableTo !== undefined || set.category !== undefined || set.announcedOn !== undefined) {
			const followed = await tx
				.update(deliveries)
				.set({ releasableTo: row!.releasableTo, category: row!.category, pledgeAnnouncedOn: row!.announcedOn })
				.where(eq(deliveries.pledgeId, pledge.id))
				.returning();
			for (const delivery of followed) changes.push(changed(deliveriesCollection, 'updated', delivery, { previousReleasableTo: pledge.releasableTo }));
		}
		return changes;
	}
});

/** A delivery against a pledge, never past it (409 saying by how much); recorded as under way or arrived if it is. */
export const createDelivery = defineCommand({
	type: 'deliveries.create',
	action: 'deliveries.create',
	async apply(tx, actor, input, { defer }) {
		// The sums in the same flight as the lock, after it: they count every delivery committed before it.
		const [pledge, committed] = await Promise.all([pledgeOf.load(tx, actor, input.pledgeId), committedTo(tx, input.pledgeId)]);
		checkContribution(actor, pledge.donor);
		const status = input.status ?? 'planned';
		if (input.deliveredOn !== undefined && status !== 'delivered') throw new AppError('validation', 'Only an arrived delivery has a delivery day', { deliveredOn: ['Set status to delivered, or leave this out'] });
		const row: FullRow<typeof deliveries> = {
			id: randomUUID(),
			pledgeId: pledge.id,
			donor: pledge.donor,
			category: pledge.category,
			pledgeAnnouncedOn: pledge.announcedOn,
			...measureDelivery(pledge, committed, input),
			status,
			hub: input.hub ?? null,
			expectedOn: input.expectedOn ?? null,
			deliveredOn: status === 'delivered' ? dayOfStep(input.deliveredOn, pledge, true, 'deliveredOn') : null,
			lastStep: null,
			createdAt: new Date(),
			exercise: pledge.exercise,
			releasableTo: pledge.releasableTo
		};
		return deliveryWritten(tx, defer, insertRowsQuery(tx, deliveries, [row]), changed(deliveriesCollection, 'created', row), pledge, status === 'delivered');
	}
});

/** A new quantity, value, hub or expected day while it is on its way; what has arrived or was cancelled is history. */
export const updateDelivery = defineCommand({
	type: 'deliveries.update',
	action: 'deliveries.update',
	load: deliveryWithPledge,
	async apply(tx, actor, input, { target: { delivery, pledge } }) {
		checkContribution(actor, pledge.donor);
		if (delivery.status === 'delivered' || delivery.status === 'cancelled') {
			throw new AppError('conflict', `A delivery that is ${delivery.status} cannot change`, { status: [delivery.status] });
		}
		const { id: _id, quantity, valueEur, ...rest } = input;
		const remeasure = quantity !== undefined || valueEur !== undefined;
		const measured = remeasure
			? measureDelivery(pledge, await committedTo(tx, pledge.id, delivery.id), {
					quantity: quantity ?? delivery.quantity,
					// A new quantity without a value is valued pro rata again.
					valueEur: valueEur ?? (quantity !== undefined ? undefined : delivery.valueEur)
				})
			: {};
		const [row] = await tx
			.update(deliveries)
			.set({ ...rest, ...measured })
			.where(eq(deliveries.id, delivery.id))
			.returning();
		return changed(deliveriesCollection, 'updated', row!, { was: delivery });
	}
});

/**
 * contract → dispatch → deliver, or cancel (with a reason) before it arrives. Each step records who,
 * when, the day it happened and why; an arrival adds to the pledge's delivered sums.
 */
export const stepDelivery = defineCommand({
	type: 'deliveries.step',
	action: (input) => DELIVERY_WORKFLOW.steps[input.action].permission,
	load: deliveryWithPledge,
	async apply(tx, actor, input, { target: { delivery, pledge }, defer }) {
		checkContribution(actor, pledge.donor);
		const status = stepStatus(delivery.status, input.action);
		const arrival = input.action === 'deliver';
		const on = dayOfStep(input.on, pledge, arrival, 'on');
		const set = {
			status,
			...(arrival && { deliveredOn: on }),
			lastStep: { action: input.action, reason: input.reason ?? null, on, by: actor.displayName, at: new Date().toISOString() }
		};
		// The row is locked: what it becomes is the row loaded with these fields set.
		const stepped = changed(deliveriesCollection, DELIVERY_WORKFLOW.steps[input.action].past, { ...delivery, ...set }, { was: delivery });
		return deliveryWritten(tx, defer, updateById(tx, deliveries, delivery.id, set), stepped, pledge, arrival);
	}
});

/** A fortification is never released wider than its sector: 400 naming the sector's marking. */
async function withinSector(tx: Tx, sectorId: string, releasableTo: Releasability): Promise<void> {
	const [sector] = await tx.select({ releasableTo: sectors.releasableTo }).from(sectors).where(eq(sectors.id, sectorId));
	if (!sector) throw new AppError('validation', 'No such sector', { sectorId: ['No such sector'] });
	if (!sameReleasability(intersect(releasableTo, sector.releasableTo), releasableTo)) {
		throw new AppError('validation', 'A fortification cannot be released wider than its sector', { releasableTo: ['Its sector is not released that widely'] });
	}
}

export const createFortification = defineCommand({
	type: 'fortifications.create',
	action: 'fortifications.manage',
	async apply(tx, _actor, input) {
		const releasableTo = input.releasableTo ?? DEFAULT_RELEASABILITY;
		await withinSector(tx, input.sectorId, releasableTo);
		const [row] = await tx
			.insert(fortifications)
			.values({
				id: randomUUID(),
				sectorId: input.sectorId,
				kind: input.kind,
				unit: input.unit,
				planned: input.planned,
				built: input.built ?? 0,
				notes: input.notes ?? null,
				exercise: input.exercise ?? false,
				releasableTo
			})
			.returning();
		return changed(fortificationsCollection, 'created', row!);
	}
});

/** Progress on the ground, a new plan, or a new marking (still within the sector's). */
export const updateFortification = defineCommand({
	type: 'fortifications.update',
	action: 'fortifications.manage',
	load: rowOf(fortifications, 'fortification'),
	async apply(tx, _actor, input, { target: fortification }) {
		const { id: _id, ...set } = input;
		if ((set.built ?? fortification.built) > (set.planned ?? fortification.planned)) throw new AppError('validation', 'Built cannot exceed planned', { built: ['Cannot be more than planned'] });
		if (set.releasableTo) await withinSector(tx, fortification.sectorId, set.releasableTo);
		const [row] = await tx
			.update(fortifications)
			.set({ ...set, updatedAt: new Date() })
			.where(eq(fortifications.id, fortification.id))
			.returning();
		return changed(fortificationsCollection, 'updated', row!, { previousReleasableTo: fortification.releasableTo });
	}
});
