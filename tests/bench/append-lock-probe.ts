/**
 * A model of Watchfloor's write transaction, to weigh the event-log append lock on this machine:
 * `node --import tsx tests/bench/append-lock-probe.ts [seconds=8] [writers=50]`.
 *
 * Every write holds `pg_advisory_xact_lock` to COMMIT, so writes are serial and the throughput
 * ceiling is 1 / (time the lock is held). In the first design that time spanned six client round
 * trips (lock, idempotency check, row insert, event insert, pg_notify, COMMIT), each of which also
 * waited for the Node event loop; today the lock, the append and the COMMIT leave in one write
 * (events.ts, db/client.ts transactionEndingWith). The variants below keep the same guarantee
 * (seq order = commit order) with fewer round trips under the lock, or drop the lock:
 *
 *   today          (the first design) BEGIN; lock; select by key; insert row; insert event; notify; COMMIT   (pool of 10)
 *   late-lock      BEGIN; select by key; insert row; [lock + insert event + notify in one statement]; COMMIT
 *   one-call       one statement: a SQL function that does all of it (lock held server-side only)
 *   no-lock        today's statements without the advisory lock (seq order ≠ commit order: a reader
 *                  must then stop at the oldest running transaction, e.g. with pg_snapshot_xmin)
 *
 * Tables mirror the shape of log_entries / events (uuid, text, jsonb record), in a throwaway database.
 * Plain SQL and no Node work between statements: the real server's event loop (fan-out to the
 * screens) only makes each round trip under the lock longer.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createTestDatabase } from '../support/backends';
import { POSTGRES_URL } from './harness';
import { Histogram } from './stats';

const SECONDS = Number(process.argv[2] ?? 8);
const WRITERS = Number(process.argv[3] ?? 50);
const LOCK = 0x5746_4c47;
const TEXT = 'Sector quiet, patrol reports no change; next report at the top of the hour.';

const database = await createTestDatabase(POSTGRES_URL);
const sql = postgres(database.url, { max: 10, onnotice: () => {} });
try {
	await sql.unsafe(`
		create table entries (id uuid primary key, text text not null, author text not null, created_at timestamptz not null default now());
		create table events (seq bigserial primary key, entity uuid not null, record jsonb, actor text not null, idem text, at timestamptz not null default now());
		create unique index on events (actor, idem);
		create function append_entry(p_id uuid, p_text text, p_actor text, p_idem text) returns bigint language plpgsql as $$
		declare s bigint;
		begin
			perform pg_advisory_xact_lock(${LOCK});
			select seq into s from events where actor = p_actor and idem = p_idem;
			if found then return s; end if;
			insert into entries (id, text, author) values (p_id, p_text, p_actor);
			insert into events (entity, record, actor, idem) values (p_id, jsonb_build_object('id', p_id, 'text', p_text), p_actor, p_idem) returning seq into s;
			perform pg_notify('probe', s::text);
			return s;
		end $$;`);

	const todaysStatements = async (actor: string, key: string, lock: boolean) => {
		await sql`select seq from events where actor = ${actor} and idem = ${key}`;
		await sql.begin(async (tx) => {
			if (lock) await tx`select pg_advisory_xact_lock(${LOCK})`;
			await tx`select seq from events where actor = ${actor} and idem = ${key}`;
			const id = randomUUID();
			await tx`insert into entries (id, text, author) values (${id}, ${TEXT}, ${actor}) returning *`;
			const [event] = await tx`insert into events (entity, record, actor, idem) values (${id}, ${sql.json({ id, text: TEXT })}, ${actor}, ${key}) returning *`;
			await tx`select pg_notify('probe', ${String(event!.seq)})`;
		});
	};

	const variants: Record<string, (actor: string, key: string) => Promise<void>> = {
		today: (actor, key) => todaysStatements(actor, key, true),
		'late-lock': async (actor, key) => {
			await sql`select seq from events where actor = ${actor} and idem = ${key}`;
			await sql.begin(async (tx) => {
				const id = randomUUID();
				await tx`insert into entries (id, text, author) values (${id}, ${TEXT}, ${actor}) returning *`;
				await tx`
					with locked as (select pg_advisory_xact_lock(${LOCK})),
					     appended as (insert into events (entity, record, actor, idem) select ${id}, ${sql.json({ id, text: TEXT })}, ${actor}, ${key} from locked returning seq)
					select seq, pg_notify('probe', seq::text) from appended`;
			});
		},
		'one-call': async (actor, key) => {
			await sql`select append_entry(${randomUUID()}, ${TEXT}, ${actor}, ${key})`;
		},
		'no-lock': (actor, key) => todaysStatements(actor, key, false)
	};

	console.log(`${SECONDS} s per variant; 1 writer alone, then ${WRITERS} concurrent writers on a pool of 10 connections (as the server)`);
	console.log('variant      writers   writes/s   p50 ms   p99 ms');
	for (const writers of [1, WRITERS]) {
		for (const [name, write] of Object.entries(variants)) {
			const latency = new Histogram();
			let done = 0;
			const end = performance.now() + SECONDS * 1000;
			await Promise.all(
				Array.from({ length: writers }, async (_, w) => {
					for (let n = 0; performance.now() < end; n++) {
						const t0 = performance.now();
						await write(`actor-${w}`, `${name}-${writers}-${w}-${n}`);
						latency.add(performance.now() - t0);
						done++;
					}
				})
			);
			const s = latency.summary();
			console.log(`${name.padEnd(12)} ${String(writers).padStart(7)}   ${(done / SECONDS).toFixed(0).padStart(8)}   ${s.p50?.toFixed(1).padStart(6)}   ${s.p99?.toFixed(1).padStart(6)}`);
		}
	}
} finally {
	await sql.end({ timeout: 5 });
	await database.drop();
}
