import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

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
	const sql = postgres(url, { ...options, max: 10 });
	const readerSql = postgres(url, { ...options, max: 2 });
	return {
		kind: 'postgres',
		db: drizzle(sql, { schema }) as unknown as Db,
		logReader: drizzle(readerSql, { schema }) as unknown as Db,
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
