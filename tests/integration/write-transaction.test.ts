import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, transactionEndingWith, type Database } from '$lib/server/db/client';
import { isDatabaseUnavailable } from '$lib/server/db/errors';
import { commitWithEvents, eventsAfter, type NewEvent } from '$lib/server/events';
import { createTestDatabase } from '../support/backends';

/**
 * The write transaction's ending on real Postgres: the statements that take the event log's append
 * lock travel with the COMMIT, so the lock is released by Postgres while this process is busy; and a
 * connection lost in the middle of a transaction fails it plainly, without leaving the pool stuck.
 */

const postgresUrl = inject('postgresUrl');

const busyFor = (ms: number) => {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		// the event loop is blocked, as it is while a broadcast reaches thousands of screens
	}
};

describe.skipIf(!postgresUrl)('write transactions on Postgres', () => {
	let scratch: { url: string; drop(): Promise<void> };
	let database: Database;
	let observer: postgres.Sql;

	beforeAll(async () => {
		scratch = await createTestDatabase(postgresUrl!);
		database = await openDatabase({ url: scratch.url, dataDir: 'unused' });
		observer = postgres(scratch.url, { max: 1, onnotice: () => {} });
	});

	afterAll(async () => {
		await observer?.end();
		await database?.close();
		await scratch?.drop();
	});

	it('commits while this process is still busy: the last statements and the COMMIT leave together', async () => {
		// With parameters, and long (a 1 KiB write goes out at once, a short one on the next turn), as the event append is.
		const ending = [sql`select pg_advisory_xact_lock(${42})`, sql`select pg_backend_pid() as pid, ${'x'.repeat(2000)}::text as text`];
		// The first time a connection sees a statement, postgres.js has Postgres describe it before sending more;
		// the pool's connections have seen the append's statements after the first few writes.
		await transactionEndingWith(database.db, async () => ({ value: null, last: ending }));
		let busyEnded = 0;
		const { rows } = await transactionEndingWith(database.db, async (tx) => {
			await tx.execute(sql`select 1`);
			// Runs right after the ending is handed to the driver, before any answer can be read.
			setImmediate(() => {
				busyFor(400);
				busyEnded = Date.now();
			});
			return { value: null, last: ending };
		});
		const pid = Number(rows[1]![0]!.pid);
		const [backend] = await observer`select state, extract(epoch from state_change) * 1000 as changed from pg_stat_activity where pid = ${pid}`;
		expect(backend!.state).toBe('idle');
		// Postgres had the COMMIT (and let go of the lock) well before the busy turn was over.
		expect(busyEnded - Number(backend!.changed)).toBeGreaterThan(200);
	});

	it('returns the appended events as drizzle maps them, in seq order', async () => {
		const actorId = '00000000-0000-4000-8000-000000000001';
		const event = (entityId: string): NewEvent => ({
			name: 'test.appended',
			collection: 'log-entries',
			entityId,
			op: 'upsert' as const,
			record: { id: entityId, text: `<b>${entityId}</b>`, releasableTo: ['FRA', 'DEU'] },
			releasableTo: ['FRA', 'DEU'],
			previousReleasableTo: null,
			actorId,
			actorName: 'Tester',
			actorNation: 'FRA',
			idempotencyKey: null,
			requestHash: null
		});
		const { value, logged } = await commitWithEvents(database.db, async () => ({ value: 'done', batch: [event('a'), event('b')] }));
		expect(value).toBe('done');
		const stored = await eventsAfter(database.db, logged[0]!.seq - 1, 10);
		expect(logged).toEqual(stored);
		expect(logged.map((e) => e.entityId)).toEqual(['a', 'b']);
		expect(logged[0]!.at).toBeInstanceOf(Date);
		expect(logged[1]!.seq).toBe(logged[0]!.seq + 1);
	});

	it('fails a transaction whose connection is killed, writes nothing, and the pool serves the next ones', async () => {
		for (let round = 0; round < 5; round++) {
			const failed = transactionEndingWith(database.db, async (tx) => {
				await tx.execute(sql`create table if not exists lost (id int)`);
				const [row] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
				await observer`select pg_terminate_backend(${row!.pid})`;
				return { value: null, last: [sql`insert into lost values (1)`] };
			});
			await expect(failed).rejects.toSatisfy(isDatabaseUnavailable);
			const [found] = await observer`select to_regclass('lost') is not null as present`;
			expect(found!.present).toBe(false);
			// The next burst of writes (more than the pool's connections) may still meet the dead
			// connection's last words once, as an 'unavailable' the client retries; none hangs, and
			// the burst after it goes through whole.
			const burst = () => Promise.allSettled(Array.from({ length: 12 }, () => transactionEndingWith(database.db, async () => ({ value: null, last: [sql`select 1 as one`] }))));
			const first = await burst();
			const refused = first.filter((r) => r.status === 'rejected');
			expect(refused.length).toBeLessThanOrEqual(1);
			for (const r of refused) expect(isDatabaseUnavailable(r.reason)).toBe(true);
			expect((await burst()).map((r) => r.status)).toEqual(Array(12).fill('fulfilled'));
		}
	});
});
