import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { ReservedSql, Sql } from 'postgres';
import * as schema from './schema';
import { isDatabaseUnavailable } from './errors';
import { driverRows, toQuery, type Statement } from './statements';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
	readonly kind: 'pglite' | 'postgres';
	readonly db: Db;
	/**
	 * For following the event log and replaying it to screens: connections of their own, so that a
	 * queue of writers waiting for the pool never holds up a broadcast (the same as `db` on PGlite).
	 */
	readonly logReader: Db;
	/** Calls back on every NOTIFY on the channel (Postgres only; one PGlite is one process). */
	listen(channel: string, onNotify: () => void): Promise<void>;
	ping(): Promise<void>;
	close(): Promise<void>;
}

/** What a transaction's work hands back: its own result, and the statements that end it. */
export interface TransactionEnd<T> {
	value: T;
	last: Statement[];
}
/** Rows as the driver returns them (column names, driver values): one array per statement in `last`. */
export type DriverRows = Record<string, unknown>[][];

// The Postgres pool behind a drizzle instance, and drizzle over one of its connections, for transactionEndingWith.
const pools = new WeakMap<Db, { pool: Sql; over(connection: Sql): Db }>();

/**
 * Every statement on a write connection is named (prepared once per connection): an unnamed one
 * with parameters makes postgres.js wait for Postgres to describe it before it sends anything after
 * it, a round trip (one under the append lock, for the ending). A command's row work and the ending
 * are a handful of fixed statements, so the per-connection cache stays small.
 */
function named(connection: ReservedSql): ReservedSql {
	const unsafe = connection.unsafe.bind(connection);
	return Object.assign(connection, { unsafe: ((query, parameters, options) => unsafe(query, parameters, { ...options, prepare: true })) as typeof unsafe });
}
// postgres.js sends what it holds once it holds 1 KiB or more, and less on the next setImmediate, which
// a busy event loop puts off for a whole turn: with the lock statement already gone out, that turn would
// be spent holding the lock. Padded to the threshold, the COMMIT goes at once, and with it the ending's
// statements held back for it (`buffered`), in one write: one system call, one wake-up of Postgres.
const COMMIT_NOW = 'commit' + ' '.repeat(1024);

/**
 * Runs `work` in one transaction, then sends the statements it returns and the COMMIT in one flight,
 * without waiting for an answer in between. A lock those statements take (the event log's append
 * lock) is then held for Postgres's own time only, however busy this process's event loop is.
 * postgres.js's `begin` cannot do this (it hands the connection back to the pool as soon as it sees
 * the transaction end), so on Postgres this reserves a connection and says BEGIN and COMMIT itself.
 * PGlite runs everything in-process, one statement at a time: a plain transaction there.
 */
export async function transactionEndingWith<T>(db: Db, work: (tx: Tx) => Promise<TransactionEnd<T>>): Promise<{ value: T; rows: DriverRows }> {
	const postgres = pools.get(db);
	if (!postgres) {
		return db.transaction(async (tx) => {
			const { value, last } = await work(tx);
			const rows: DriverRows = [];
			for (const statement of last) rows.push(await driverRows(tx, statement));
			return { value, rows };
		});
	}
	const connection = named(await postgres.pool.reserve());
	let reusable = true;
	try {
		// Goes out with the work's first statement, or with the ending when the work asks nothing of
		// Postgres (a new log entry): then the whole transaction is one flight. Not waited for on its
		// own: a failed BEGIN fails what follows it.
		const begun = connection`begin`.execute();
		begun.catch(() => {});
		// Nothing here uses what only a drizzle transaction object has (savepoints, rollback()).
		const { value, last } = await work(postgres.over(connection) as unknown as Tx);
		// execute() hands each to the connection now, so the order on the wire is the order here; held
		// back (our patch of postgres.js: `buffered`) until the COMMIT, they all leave in one write.
		const sent: Promise<unknown>[] = last.map((statement) => {
			const query = toQuery(statement);
			return connection.unsafe(query.sql, query.params as never[], { buffered: true } as object).execute();
		});
		sent.push(connection.unsafe(COMMIT_NOW).execute());
		const [, ...rows] = await Promise.all([begun, ...sent]);
		return { value, rows: rows.slice(0, -1) as DriverRows };
	} catch (error) {
		// A lost connection goes back to the pool when its socket closes, which may come a moment after
		// the error: handed back now, it could be given to the next query first.
		if (isDatabaseUnavailable(error)) reusable = false;
		// When the ending failed, Postgres has rolled back already (its COMMIT answered ROLLBACK); else this ends it.
		else await connection`rollback`.catch(() => (reusable = false));
		throw error;
	} finally {
		if (reusable) connection.release();
	}
}

const MIGRATIONS = path.resolve(process.env.WATCHFLOOR_MIGRATIONS_DIR ?? 'drizzle');
const MIGRATION_LOCK = 0x5746_4d49;

/** Opens the database and brings its schema up to date: PGlite in dataDir, or Postgres at url. */
export async function openDatabase(options: { url?: string; dataDir: string }): Promise<Database> {
	return options.url ? openPostgres(options.url) : openPglite(options.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const { migrate } = await import('drizzle-orm/postgres-js/migrator');
	// Processes of a cluster may start together: one migrates while the others wait on the lock.
	const migrator = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
	try {
		await migrator`select pg_advisory_lock(${MIGRATION_LOCK})`;
		await migrate(drizzle(migrator, { schema }), { migrationsFolder: MIGRATIONS });
	} finally {
		await migrator.end({ timeout: 5 });
	}
	const options = {
		onnotice: () => {},
		connect_timeout: 5,
		idle_timeout: 60,
		// postgres.js waits up to 20 s between attempts once connecting has failed a few times (its
		// default backoff), holding queries queued meanwhile: during an outage they would hang instead
		// of failing fast, and after it the pool would stay away for as long. At most 1 s here.
		backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
		// Its per-connection array type lookup is fired without a catch: a connection lost during it
		// is an unhandled rejection that ends the process (postgres 3.4.9). No column here is an array.
		fetch_types: false
	};
	// A command holds its connection for several round trips, each a turn of an event loop that may be
	// broadcasting to a thousand screens: 10 connections capped the commands a second (README → Performance).
	const sql = postgres(url, { ...options, max: 24 });
	const readerSql = postgres(url, { ...options, max: 2 });
	const db = drizzle(sql, { schema }) as unknown as Db;
	const logReader = drizzle(readerSql, { schema }) as unknown as Db;
	// Without the schema: a transaction's work uses the query builder only, and this runs per transaction.
	// A reserved connection lacks the pool's `options`, where drizzle sets its type parsers: the same object.
	const over = (pool: Sql) => (connection: Sql) => drizzle(Object.assign(connection, { options: pool.options })) as unknown as Db;
	pools.set(db, { pool: sql, over: over(sql) }).set(logReader, { pool: readerSql, over: over(readerSql) });
	return {
		kind: 'postgres',
		db,
		logReader,
		async listen(channel, onNotify) {
			await sql.listen(channel, onNotify);
		},
		async ping() {
			await sql`select 1`;
		},
		async close() {
			await Promise.all([sql.end({ timeout: 5 }), readerSql.end({ timeout: 5 })]);
		}
	};
}

async function openPglite(dataDir: string): Promise<Database> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const memory = dataDir.startsWith('memory://');
	if (!memory) mkdirSync(dataDir, { recursive: true });
	const client = await PGlite.create(memory ? dataDir : path.resolve(dataDir));
	const db = drizzle(client, { schema });
	await migrate(db, { migrationsFolder: MIGRATIONS });
	return {
		kind: 'pglite',
		db: db as unknown as Db,
		logReader: db as unknown as Db,
		async listen() {},
		async ping() {
			await client.query('select 1');
		},
		async close() {
			await client.close();
		}
	};
}
