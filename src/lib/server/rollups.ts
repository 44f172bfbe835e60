import { and, asc, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { utcDay } from '$lib/domain/core/dates';
import type { WireRecord } from '$lib/domain/core/protocol';
import { rollupDelta, TREND_COLLECTIONS, type Contribution } from '$lib/domain/cell/trends';
import type { Db, DbOrTx, Tx } from './db/client';
import { events, rollups } from './db/schema';
import { executeStatement, insertValues, type InsertEnding, type Statement } from './db/statements';
import { lockAppends } from './events';

/** The part of a logged change rollups read. */
export interface RolledChange {
	collection: string;
	entityId: string;
	op: 'upsert' | 'remove';
	record: WireRecord | null;
	/** The record before this change, when the command knew it (null: new); left out, it is read from the log. */
	before?: WireRecord | null;
}

/** A row already there takes the contribution on top of its value. */
const ADDED_UP: InsertEnding<typeof rollups> = {
	name: 'added-up',
	apply: (insert) => insert.onConflictDoUpdate({ target: [rollups.day, rollups.metric, rollups.key, rollups.releasableKey], set: { value: sql`${rollups.value} + excluded.value` } })
};

/** Sums contributions that land on the same row, so each row is written once. */
class RollupSums {
	readonly #rows = new Map<string, Contribution>();
	add(deltas: readonly Contribution[]): void {
		for (const delta of deltas) {
			const id = `${delta.day}|${delta.metric}|${delta.key}|${JSON.stringify(delta.releasableTo)}`;
			const row = this.#rows.get(id);
			if (row) row.value += delta.value;
			else this.#rows.set(id, { ...delta });
		}
	}
	/** One upsert per 2,000 rows, in a fixed order of rows so that two writers lock shared rows in the same order. */
	statements(tx: Tx): Statement[] {
		const rows = [...this.#rows.entries()]
			.filter(([, r]) => r.value !== 0)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([, r]) => ({ ...r, releasableKey: JSON.stringify(r.releasableTo) }));
		const statements: Statement[] = [];
		for (let start = 0; start < rows.length; start += 2000) statements.push(insertValues(tx, rollups, rows.slice(start, start + 2000), ADDED_UP));
		return statements;
	}
}

/** Each entity's newest logged record, before this transaction's changes. */
async function recordsBefore(tx: DbOrTx, changes: readonly RolledChange[]): Promise<Map<string, WireRecord | null>> {
	const before = new Map<string, WireRecord | null>();
	const byCollection = new Map<string, string[]>();
	for (const change of changes) byCollection.set(change.collection, [...(byCollection.get(change.collection) ?? []), change.entityId]);
	for (const [collection, ids] of byCollection) {
		const rows = await tx
			.selectDistinctOn([events.entityId], { entityId: events.entityId, record: events.record })
			.from(events)
			.where(and(eq(events.collection, collection), inArray(events.entityId, [...new Set(ids)])))
			.orderBy(events.entityId, desc(events.seq));
		for (const row of rows) before.set(`${collection}/${row.entityId}`, row.record);
	}
	return before;
}

/**
 * What moves the rollups by a command's changes: read inside its transaction (before its events are
 * appended, so the log still holds each record as it was), written by the statements returned, which
 * the transaction sends with its ending (commitWithEvents). `at` is the time the events are logged at.
 */
export async function rollupWrites(tx: Tx, changes: readonly RolledChange[], at: Date): Promise<Statement[]> {
	const counted = changes.filter((c) => TREND_COLLECTIONS.has(c.collection));
	if (!counted.length) return [];
	// Only the records whose past the command did not know are read from the log.
	const latest = await recordsBefore(tx, counted.filter((c) => c.before === undefined));
	const sums = new RollupSums();
	for (const change of counted) {
		const key = `${change.collection}/${change.entityId}`;
		const after = change.op === 'upsert' ? change.record : null;
		// An earlier change of the same record in this batch, or the log, knows better than the command.
		const before = latest.has(key) ? latest.get(key)! : (change.before ?? null);
		sums.add(rollupDelta(change.collection, before, after, utcDay(at)));
		latest.set(key, after);
	}
	return sums.statements(tx);
}

const REPLAY_BATCH = 5000;

/**
 * `npm run rollups:rebuild`: the rollups recomputed from the event log alone, in one transaction
 * holding the append lock (no write lands meanwhile). Gives what the live updates gave.
 */
export async function rebuildRollups(tx: Tx): Promise<{ events: number; rows: number }> {
	await tx.execute(lockAppends);
	await tx.delete(rollups);
	const latest = new Map<string, WireRecord | null>();
	const sums = new RollupSums();
	let after = 0;
	let replayed = 0;
	for (;;) {
		const batch = await tx
			.select({ seq: events.seq, at: events.at, collection: events.collection, entityId: events.entityId, op: events.op, record: events.record })
			.from(events)
			.where(and(gt(events.seq, after), inArray(events.collection, [...TREND_COLLECTIONS])))
			.orderBy(asc(events.seq))
			.limit(REPLAY_BATCH);
		for (const event of batch) {
			const key = `${event.collection}/${event.entityId}`;
			const record = event.op === 'upsert' ? event.record : null;
			sums.add(rollupDelta(event.collection, latest.get(key) ?? null, record, utcDay(event.at)));
			latest.set(key, record);
		}
		replayed += batch.length;
		if (batch.length < REPLAY_BATCH) break;
		after = batch.at(-1)!.seq;
	}
	for (const statement of sums.statements(tx)) await executeStatement(tx, statement);
	const [count] = await tx.select({ rows: sql<number>`count(*)::int` }).from(rollups);
	return { events: replayed, rows: count!.rows };
}

/** A database from before the trends (events, no rollups) gets them computed once, on start. */
export async function rollupsIfMissing(db: Db): Promise<{ events: number; rows: number } | null> {
	const [rolled] = await db.select({ day: rollups.day }).from(rollups).limit(1);
	if (rolled) return null;
	const [counted] = await db.select({ seq: events.seq }).from(events).where(inArray(events.collection, [...TREND_COLLECTIONS])).limit(1);
	return counted ? db.transaction((tx) => rebuildRollups(tx)) : null;
}
