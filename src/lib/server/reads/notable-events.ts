import { and, desc, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { ALERTING_SEVERITIES } from '$lib/domain/ceasefire/violations';
import { chronologically, LARGE_DELIVERY_EUR, namesFrom, NOTABLE_EVENTS, NOTABLE_KINDS, notableOf, type NotableContext, type NotableEvent, type NotableKind } from '$lib/domain/cell/notable-events';
import { isAppError } from '$lib/domain/core/errors';
import { collectionSpec } from '../collections';
import { sectorsCollection } from '../collections/ceasefire';
import { programmesCollection } from '../collections/cooperation';
import { getRecord, listRecords, type Presented, type ReadContext } from '../collections/registry';
import { events } from '../db/schema';

/** How many logged candidates of one kind are looked at, at most. */
const CANDIDATES_PER_KIND = 200;

/**
 * Where a candidate sits on a daily chart, and what its logged record already rules out, in SQL. Only
 * fields that never change once the event is logged are read from it (a report's observation time and
 * severity, a delivered delivery's day and value, a milestone's day): whether the event is shown, and
 * how, is decided by its record as it is now.
 */
const CANDIDATE: Record<NotableKind, { day: SQL; worth?: SQL }> = {
	activation: { day: sql`to_char(${events.at} at time zone 'UTC', 'YYYY-MM-DD')` },
	'severe-violation': { day: sql`substr(${events.record}->>'observedAt', 1, 10)`, worth: inArray(sql`${events.record}->>'severity'`, [...ALERTING_SEVERITIES]) },
	'large-delivery': { day: sql`${events.record}->>'deliveredOn'`, worth: sql`coalesce((${events.record}->>'valueEur')::numeric, 0) >= ${LARGE_DELIVERY_EUR}` },
	milestone: { day: sql`${events.record}->>'doneOn'` }
};

export interface EventWindow {
	/** Logged at or after this instant (and up to `until`). */
	since: Date;
	until?: Date;
	/** Only events whose day falls in these days, both included (YYYY-MM-DD). */
	days?: { from: string; to: string };
}

/** The names records mention, as far as this reader may see them. */
async function namesFor(ctx: ReadContext): Promise<NotableContext> {
	const [sectors, programmes] = await Promise.all([listRecords(ctx, sectorsCollection), listRecords(ctx, programmesCollection)]);
	return namesFrom(sectors, programmes);
}

/**
 * At most `limit` notable events of the window for this reader, oldest first. Kinds take turns, the
 * most important first, so a day of many verified violations does not hide an activation or the one
 * large delivery; within a kind the newest come first. Each candidate's record is read as it is now
 * through the registry, filtered for the reader: one the reader may not see now is passed over,
 * whatever it was released as when the event was logged.
 */
export async function notableEvents(ctx: ReadContext, window: EventWindow, limit: number): Promise<NotableEvent[]> {
	const names = await namesFor(ctx);
	const byKind = await Promise.all(NOTABLE_KINDS.map((kind) => notableOfKind(ctx, kind, window, limit, names)));
	const taken: NotableEvent[] = [];
	for (let turn = 0; taken.length < limit && byKind.some((found) => found.length > turn); turn++) {
		for (const found of byKind) {
			const next = found[turn];
			if (next && taken.length < limit) taken.push(next);
		}
	}
	return taken.sort(chronologically);
}

/** Up to `limit` events of one kind, newest first, that this reader may see now. */
async function notableOfKind(ctx: ReadContext, kind: NotableKind, window: EventWindow, limit: number, names: NotableContext): Promise<NotableEvent[]> {
	const { day, worth } = CANDIDATE[kind];
	const candidates = await ctx.db
		.select({ seq: events.seq, at: events.at, name: events.name, collection: events.collection, entityId: events.entityId, loggedStatus: sql<string | null>`${events.record}->>'status'` })
		.from(events)
		.where(
			and(
				inArray(events.name, [...NOTABLE_EVENTS[kind]]),
				gte(events.at, window.since),
				window.until ? lte(events.at, window.until) : undefined,
				window.days ? sql`${day} between ${window.days.from} and ${window.days.to}` : undefined,
				worth
			)
		)
		.orderBy(desc(events.seq))
		.limit(CANDIDATES_PER_KIND);
	const found: NotableEvent[] = [];
	const current = new Map<string, Promise<Presented | null>>();
	for (const candidate of candidates) {
		if (found.length >= limit) break;
		const key = `${candidate.collection}/${candidate.entityId}`;
		if (!current.has(key)) current.set(key, currentRecord(ctx, candidate.collection, candidate.entityId));
		const record = await current.get(key)!;
		const notable = record && notableOf({ ...candidate, at: candidate.at.toISOString() }, record as Presented & Record<string, unknown>, names);
		if (notable) found.push(notable);
	}
	return found;
}

/** The record as this reader may see it now; null when it may not (or it is gone). */
async function currentRecord(ctx: ReadContext, collection: string, id: string): Promise<Presented | null> {
	const spec = collectionSpec(collection);
	if (!spec) return null;
	try {
		return await getRecord(ctx, spec, id);
	} catch (error) {
		if (isAppError(error) && error.code === 'not_found') return null;
		throw error;
	}
}
