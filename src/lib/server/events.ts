import { and, asc, eq, gt, max, sql } from 'drizzle-orm';
import type { Releasability } from '$lib/domain/releasability';
import type { Change } from './commands/command';
import { events, meta } from './db/schema';
import type { Db, DbOrTx, Tx } from './db/client';
import { randomUUID } from 'node:crypto';

export type EventRow = typeof events.$inferSelect;

/** A command's change as the log stores it: who made it, and the idempotency key of the command. */
export type NewEvent = Omit<Change, 'reply' | 'disconnect' | 'previousReleasableTo'> & {
	previousReleasableTo: Releasability | null;
	actorId: string;
	actorName: string;
	actorNation: string;
	idempotencyKey: string | null;
	requestHash: string | null;
};

export const EVENTS_CHANNEL = 'watchfloor_events';
// Any constant works; it only has to be the same in every process.
const APPEND_LOCK = 0x5746_4c47;

/**
 * Serializes appends cluster-wide for the rest of the transaction, so seq order is commit order:
 * a reader that sees seq n has seen every committed seq below it, which is what resume relies on.
 * Taken first in every write transaction, before any row lock, so writers cannot deadlock on it.
 */
export async function lockEventLog(tx: Tx): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK})`);
}

export async function appendEvent(tx: Tx, event: NewEvent): Promise<EventRow> {
	const [row] = await tx.insert(events).values(event).returning();
	await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(row!.seq)})`);
	return row!;
}

export async function eventsAfter(db: DbOrTx, afterSeq: number, limit: number): Promise<EventRow[]> {
	return db.select().from(events).where(gt(events.seq, afterSeq)).orderBy(asc(events.seq)).limit(limit);
}

export async function lastSeq(db: DbOrTx): Promise<number> {
	const [row] = await db.select({ seq: max(events.seq) }).from(events);
	return Number(row?.seq ?? 0);
}

export async function findByIdempotencyKey(db: DbOrTx, actorId: string, key: string): Promise<EventRow | undefined> {
	const [row] = await db
		.select()
		.from(events)
		.where(and(eq(events.actorId, actorId), eq(events.idempotencyKey, key)))
		.limit(1);
	return row;
}

/** The log's epoch: made once per database, so a client can tell a wiped log from a quiet one. */
export async function logEpoch(db: Db): Promise<string> {
	await db.insert(meta).values({ key: 'epoch', value: randomUUID() }).onConflictDoNothing();
	const [row] = await db.select().from(meta).where(eq(meta.key, 'epoch'));
	return row!.value;
}
