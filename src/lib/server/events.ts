import { and, asc, eq, gt, lt, max, sql } from 'drizzle-orm';
import type { Releasability } from '$lib/domain/core/releasability';
import type { Change } from './commands/command';
import { events, meta } from './db/schema';
import { transactionEndingWith, type Db, type DbOrTx, type Tx } from './db/client';
import { insertValues, rowFrom, toQuery, type InsertEnding, type Statement } from './db/statements';
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
export const lockAppends = sql`select pg_advisory_xact_lock(${APPEND_LOCK})`;
// Under Postgres's 65,535 bind parameters at 14 columns a row.
const APPEND_CHUNK = 2000;
const LOCK_APPENDS = toQuery(lockAppends);
// Only what Postgres gives each event comes back: the rest is what was sent, not worth jsonb out and JSON.parse in.
const RETURNING_SEQ: InsertEnding<typeof events> = { name: 'returning-seq', apply: (insert) => insert.returning({ seq: events.seq, at: events.at }) };

/**
 * Runs a command's row work and appends its events, in order, as the transaction's last statements.
 * The append lock serializes appends cluster-wide until commit, so seq order is commit order: a
 * reader that sees seq n has seen every committed seq below it, which is what resume relies on. It
 * is taken last, after the row work, and sent with the append and the COMMIT in one flight
 * (transactionEndingWith): it is held for Postgres's time only, and a writer that holds it waits for
 * no row lock, so writers cannot deadlock on it. Writes that need no answer (`alongside`: a
 * command's deferred rows, the rollups) go in the same flight, ahead of the lock, a round trip fewer.
 */
export async function commitWithEvents<T>(db: Db, work: (tx: Tx) => Promise<{ value: T; batch: readonly NewEvent[]; alongside?: Statement[] }>): Promise<{ value: T; logged: EventRow[] }> {
	const { value, rows } = await transactionEndingWith(db, async (tx) => {
		const { value, batch, alongside = [] } = await work(tx);
		const last = [...alongside, LOCK_APPENDS];
		for (let start = 0; start < batch.length; start += APPEND_CHUNK) last.push(insertValues(tx, events, batch.slice(start, start + APPEND_CHUNK), RETURNING_SEQ));
		// The appends' answers are the last ones, after those of the writes alongside and the lock.
		return { value: { value, appends: last.length - alongside.length - 1, batch }, last };
	});
	// Seqs are drawn row by row in the order the rows were sent, so in ascending order they are the batch's.
	const given = rows
		.slice(rows.length - value.appends)
		.flat()
		.map((row) => ({ seq: Number(row.seq), at: events.at.mapFromDriverValue(row.at as string) as Date }))
		.sort((a, b) => a.seq - b.seq);
	const logged = value.batch.map((event, i): EventRow => ({
		...given[i]!,
		name: event.name,
		collection: event.collection,
		entityId: event.entityId,
		op: event.op,
		record: event.record,
		releasableTo: event.releasableTo,
		previousReleasableTo: event.previousReleasableTo,
		actorId: event.actorId,
		actorName: event.actorName,
		actorNation: event.actorNation,
		idempotencyKey: event.idempotencyKey,
		requestHash: event.requestHash
	}));
	return { value: value.value, logged };
}

/**
 * `count` seqs no event will have, ascending, for derived data (KPIs, presence) published between
 * events: taken under the append lock, so every event below them is committed and every event
 * committed later is above them. One each, since a screen takes one delta per seq. In the same
 * flight, the first `limit` events after `after`: all below the seqs, since none can commit meanwhile.
 */
export async function reserveSeqs(db: Db, count: number, after: number, limit: number): Promise<{ seqs: number[]; events: EventRow[] }> {
	const { rows } = await transactionEndingWith(db, async () => ({
		value: null,
		last: [
			lockAppends,
			sql`select nextval(pg_get_serial_sequence('events', 'seq')) as seq from generate_series(1, ${count})`,
			sql`select * from ${events} where ${events.seq} > ${after} order by ${events.seq} limit ${limit}`
		]
	}));
	return { seqs: rows[1]!.map((row) => Number(row.seq)).sort((a, b) => a - b), events: rows[2]!.map((raw) => rowFrom(events, raw)) };
}


// Prepared once per database handle: the tailer and replays run these all the time, and an unnamed
// statement with parameters costs postgres.js a second round trip to have Postgres describe it.
const prepared = new WeakMap<DbOrTx, ReturnType<typeof prepareReads>>();
function prepareReads(db: DbOrTx) {
	return {
		after: db
			.select()
			.from(events)
			.where(and(gt(events.seq, sql.placeholder('after')), lt(events.seq, sql.placeholder('below'))))
			.orderBy(asc(events.seq))
			.limit(sql.placeholder('limit'))
			.prepare('events_after'),
		byKey: db
			.select()
			.from(events)
			.where(and(eq(events.actorId, sql.placeholder('actorId')), eq(events.idempotencyKey, sql.placeholder('key'))))
			.limit(1)
			.prepare('events_by_idempotency_key')
	};
}
function reads(db: DbOrTx) {
	let statements = prepared.get(db);
	if (!statements) prepared.set(db, (statements = prepareReads(db)));
	return statements;
}

export async function eventsAfter(db: DbOrTx, afterSeq: number, limit: number, below = Number.MAX_SAFE_INTEGER): Promise<EventRow[]> {
	return reads(db).after.execute({ after: afterSeq, below, limit });
}

export async function lastSeq(db: DbOrTx): Promise<number> {
	const [row] = await db.select({ seq: max(events.seq) }).from(events);
	return Number(row?.seq ?? 0);
}

export async function findByIdempotencyKey(db: DbOrTx, actorId: string, key: string): Promise<EventRow | undefined> {
	const [row] = await reads(db).byKey.execute({ actorId, key });
	return row;
}

/** The log's epoch: made once per database, so a client can tell a wiped log from a quiet one. */
export async function logEpoch(db: Db): Promise<string> {
	await db.insert(meta).values({ key: 'epoch', value: randomUUID() }).onConflictDoNothing();
	const [row] = await db.select().from(meta).where(eq(meta.key, 'epoch'));
	return row!.value;
}
