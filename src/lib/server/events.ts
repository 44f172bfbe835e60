import { and, asc, eq, gt, lt, max, sql } from 'drizzle-orm';
import type { Releasability } from '$lib/domain/releasability';
import type { Change } from './commands/command';
import { events, meta } from './db/schema';
import type { Db, DbOrTx, Tx } from './db/client';
import { violatesConstraint } from './db/errors';
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

/** The channel an insert into the log notifies (trigger events_notify, drizzle/0006). */
export const EVENTS_CHANNEL = 'watchfloor_events';
// Any constant works; it only has to be the same in every process.
const APPEND_LOCK = 0x5746_4c47;
/** Held until the transaction ends: appends (and seq reservations) go one at a time, cluster-wide. */
const lockAppends = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK})`);
// Under Postgres's 65,535 bind parameters at 14 columns a row.
const APPEND_CHUNK = 2000;

/**
 * Appends a transaction's events, in order, as its last statements before COMMIT. The append lock
 * serializes appends cluster-wide until commit, so seq order is commit order: a reader that sees
 * seq n has seen every committed seq below it, which is what resume relies on. It is taken last,
 * after the command's own row work, so it is held for the append and the commit only; a writer
 * that holds it waits for no row lock, so writers cannot deadlock on it.
 */
export async function appendEvents(tx: Tx, batch: readonly NewEvent[]): Promise<EventRow[]> {
	// Sent together without waiting in between (the driver pipelines them in order): the lock is held
	// for one round trip and the COMMIT, however busy this process's event loop is meanwhile.
	const statements: Promise<unknown>[] = [lockAppends(tx)];
	for (let start = 0; start < batch.length; start += APPEND_CHUNK) {
		statements.push(tx.insert(events).values(batch.slice(start, start + APPEND_CHUNK)).returning());
	}
	const [, ...inserted] = await Promise.all(statements);
	return (inserted as EventRow[][]).flat();
}

/**
 * A seq no event will have, for derived data (KPIs) published between events: taken under the
 * append lock, so every event below it is committed and every event committed later is above it.
 */
export async function reserveSeq(db: Db): Promise<number> {
	return db.transaction(async (tx) => {
		await lockAppends(tx);
		const [row] = await tx.select({ seq: sql`nextval(pg_get_serial_sequence('events', 'seq'))`.mapWith(Number) }).from(sql`(values (1)) as one`);
		return row!.seq;
	});
}

/** The unique index that makes an idempotency key apply once, even for retries racing each other. */
export const isIdempotencyKeyTaken = (error: unknown) => violatesConstraint(error, 'events_actor_idempotency_key');

export async function eventsAfter(db: DbOrTx, afterSeq: number, limit: number, below = Number.MAX_SAFE_INTEGER): Promise<EventRow[]> {
	return db
		.select()
		.from(events)
		.where(and(gt(events.seq, afterSeq), lt(events.seq, below)))
		.orderBy(asc(events.seq))
		.limit(limit);
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
