import { spawnSync } from 'node:child_process';
import { Socket } from 'node:net';
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

/**
 * Blocks this process (as a broadcast to thousands of screens does) while another one asks Postgres
 * `probe` every 10 ms, up to 10 s: 'committed' once its row says `done`, else what its row last said.
 */
function watchWhileBlocked(url: string, probe: string): string {
	const watcher = `
		import postgres from 'postgres';
		const [url, probe] = process.argv.slice(1);
		const sql = postgres(url, { max: 1, onnotice: () => {} });
		let seen = 'nothing';
		for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
			const [row] = await sql.unsafe(probe);
			seen = row ? row.seen : 'no row';
			if (row?.done) { seen = 'committed'; break; }
		}
		await sql.end();
		process.stdout.write(seen);`;
	const run = spawnSync(process.execPath, ['--input-type=module', '-e', watcher, url, probe], { encoding: 'utf8' });
	return run.stdout || `watcher failed: ${run.stderr}`;
}

/** Out of its transaction with no advisory lock left. */
const backendDone = (pid: number) => `select state || ', ' || (select count(*) from pg_locks where pid = ${pid} and locktype = 'advisory') || ' advisory lock(s)' as seen,
	state = 'idle' and not exists (select from pg_locks where pid = ${pid} and locktype = 'advisory') as done
	from pg_stat_activity where pid = ${pid}`;

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
		let seenWhileBlocked = '';
		await transactionEndingWith(database.db, async (tx) => {
			const [row] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
			// Runs right after the ending is handed to the driver, before any answer can be read.
			setImmediate(() => (seenWhileBlocked = watchWhileBlocked(scratch.url, backendDone(row!.pid))));
			return { value: null, last: ending };
		});
		// Postgres had the COMMIT, and let go of the lock, while this process could not send anything more.
		expect(seenWhileBlocked).toBe('committed');
	});

	it('sends BEGIN with the ending when the work asks Postgres nothing: one flight commits it, however busy this process is', async () => {
		await observer`create table one_flight (id int)`;
		const ending = [sql`insert into one_flight values (${1})`, sql`select ${'x'.repeat(2000)}::text as text`];
		await transactionEndingWith(database.db, async () => ({ value: null, last: ending }));
		await observer`truncate one_flight`;
		let seenWhileBlocked = '';
		await transactionEndingWith(database.db, async () => {
			// Runs after the ending is handed to the driver: had BEGIN gone out alone, its answer would be awaited first.
			setImmediate(() => (seenWhileBlocked = watchWhileBlocked(scratch.url, `select count(*) || ' row(s)' as seen, count(*) = 1 as done from one_flight`)));
			return { value: null, last: ending };
		});
		expect(seenWhileBlocked).toBe('committed');
	});

	it('sends the ending in one write, however long its statements', async () => {
		const postgresPort = Number(new URL(scratch.url).port || 5432);
		const socket = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
		const originals = { _write: socket._write, _writev: socket._writev };
		let counting = false;
		let writes = 0;
		for (const method of ['_write', '_writev'] as const) {
			socket[method] = function (this: Socket, ...args: unknown[]) {
				if (counting && this.remotePort === postgresPort) writes++;
				return originals[method].apply(this, args);
			};
		}
		try {
			// Without parameters, so no statement waits for Postgres to describe it first.
			const ending = ['a', 'b', 'c'].map((letter) => sql.raw(`select '${letter.repeat(1500)}' as text`));
			await transactionEndingWith(database.db, async (tx) => {
				await tx.execute(sql`select 1`);
				counting = true;
				return { value: null, last: ending };
			});
		} finally {
			Object.assign(socket, originals);
		}
		expect(writes).toBe(1);
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
