import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Tx } from '$lib/server/db/client';
import { deliveries, events, logEntries, rollups } from '$lib/server/db/schema';
import { insertValues, updateById, type InsertEnding } from '$lib/server/db/statements';
import { insertRows, insertRowsQuery } from '$lib/server/db/bulk-insert';

/**
 * A templated statement is drizzle's own: the same text and the same parameters as drizzle builds
 * for the same rows, whatever rows the template was first built for.
 */

const tx = drizzle.mock() as unknown as Tx;
const dialect = new PgDialect();
const drizzleBuilt = (statement: { getSQL(): ReturnType<typeof sql> }) => {
	const { sql: text, params } = dialect.sqlToQuery(statement.getSQL());
	return { sql: text, params };
};

const event = (n: number, extra: Partial<typeof events.$inferInsert> = {}) => ({
	name: 'log-entries.created',
	collection: 'log-entries',
	entityId: `entity-${n}`,
	op: 'upsert' as const,
	record: { id: `entity-${n}`, text: `<b>entry ${n}</b>`, nested: { list: [n, null] }, releasableTo: 'coalition' as const },
	releasableTo: n % 2 ? ('coalition' as const) : ['FRA', 'DEU'],
	previousReleasableTo: null,
	actorId: '00000000-0000-4000-8000-000000000001',
	actorName: `Officer ${n}`,
	actorNation: 'FRA',
	idempotencyKey: n % 3 ? `key-${n}` : null,
	requestHash: null,
	...extra
});

const RETURNING: InsertEnding<typeof events> = { name: 'test-returning', apply: (insert) => insert.returning({ seq: events.seq }) };

describe('statement templates', () => {
	it('gives drizzle’s text and parameters, null as NULL and jsonb as JSON, on first build and on reuse', () => {
		for (const rows of [[event(1)], [event(2, { record: null })], [event(3), event(4)], [event(5, { at: new Date('2026-12-07T10:00:00Z') })]]) {
			expect(insertValues(tx, events, rows, RETURNING)).toEqual(drizzleBuilt(tx.insert(events).values(rows).returning({ seq: events.seq })));
		}
		// The same shape again, other values: the template's parameters follow the values.
		const again = insertValues(tx, events, [event(6, { record: null, previousReleasableTo: ['POL'] })], RETURNING);
		expect(again.params).toContain(null);
		expect(again.params).toContain('["POL"]');
		expect(again).toEqual(drizzleBuilt(tx.insert(events).values(event(6, { record: null, previousReleasableTo: ['POL'] })).returning({ seq: events.seq })));
	});

	it('leaves a column left out to its default, and keeps shapes apart', () => {
		const withoutAt = insertValues(tx, events, [event(7)], RETURNING);
		const withAt = insertValues(tx, events, [event(7, { at: new Date('2026-12-07T10:00:00Z') })], RETURNING);
		expect(withoutAt.sql).toContain('default');
		expect(withAt.params).toContain('2026-12-07T10:00:00.000Z');
		expect(withAt.sql).not.toBe(withoutAt.sql);
	});

	it('keeps an ending’s fixed SQL (on conflict) and builds big batches without a template', () => {
		const ending: InsertEnding<typeof rollups> = {
			name: 'test-added-up',
			apply: (insert) => insert.onConflictDoUpdate({ target: [rollups.day, rollups.metric, rollups.key, rollups.releasableKey], set: { value: sql`${rollups.value} + excluded.value` } })
		};
		const row = (k: number) => ({ day: '2026-12-07', metric: 'violations' as never, key: `k${k}`, releasableKey: '"coalition"', releasableTo: 'coalition' as const, value: k });
		for (const count of [1, 3, 20]) {
			const rows = Array.from({ length: count }, (_, k) => row(k));
			const { sql: text, params } = insertValues(tx, rollups, rows, ending);
			expect({ sql: text, params }).toEqual(drizzleBuilt(ending.apply(tx.insert(rollups).values(rows))));
		}
	});

	it('defers the JSON-array insert with drizzle’s text, the rows as its one parameter', () => {
		const rows = [1, 2].map((n) => ({ id: `id-${n}`, text: `entry "${n}"`, authorId: '00000000-0000-4000-8000-000000000001', authorName: 'A', createdAt: new Date('2026-12-07T10:00:00Z'), releasableTo: 'coalition' as const }));
		expect(insertRowsQuery(tx, logEntries, rows)).toEqual(drizzleBuilt(insertRows(tx, logEntries, rows)));
		expect(insertRowsQuery(tx, logEntries, rows.slice(1))).toEqual(drizzleBuilt(insertRows(tx, logEntries, rows.slice(1))));
	});

	it('updates by id with drizzle’s text, whichever columns are set and in whatever order', () => {
		const id = '00000000-0000-4000-8000-0000000000aa';
		const step = { action: 'deliver' as 'deliver' | 'dispatch', reason: null, on: '2026-12-07', by: 'Officer', at: '2026-12-07T10:00:00.000Z' };
		for (const set of [{ status: 'delivered' as const, deliveredOn: '2026-12-07', lastStep: step }, { lastStep: { ...step, action: 'dispatch' as const }, status: 'in-transit' as const }, { status: 'contracted' as const, lastStep: null }]) {
			const sorted = Object.fromEntries(Object.entries(set).sort(([a], [b]) => a.localeCompare(b)));
			expect(updateById(tx, deliveries, id, set)).toEqual(drizzleBuilt(tx.update(deliveries).set(sorted).where(eq(deliveries.id, id))));
		}
	});
});
