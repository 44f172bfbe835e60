import { getTableColumns, getTableName, sql, type Placeholder, type Query } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './client';
import { templated } from './statements';

/** A row with every column given (null where empty): a column left out would be inserted as null, not as its default. */
export type FullRow<T extends PgTable> = { [K in keyof T['$inferInsert']]-?: Exclude<T['$inferInsert'][K], undefined> };

/**
 * Inserts many rows in one statement with one parameter: the rows as a JSON array, unpacked by
 * jsonb_to_recordset. Drizzle's `values()` builds one bind parameter per cell, and at 10,000 rows
 * building that query costs more than Postgres takes to insert them. JSON carries every column
 * type the schema uses (Dates as ISO strings, jsonb columns as JSON), on PostgreSQL and PGlite.
 * Add `.returning()` for the rows as stored; when the rows given are the answer, defer
 * insertRowsQuery instead (CommandSpec.apply).
 */
export function insertRows<T extends PgTable>(tx: Tx, table: T, rows: readonly FullRow<T>[]) {
	return fromJson(tx, table, JSON.stringify(rows));
}

/** insertRows as a Query, its text built once per table (statements.ts): what a command defers. */
export function insertRowsQuery<T extends PgTable>(tx: Tx, table: T, rows: readonly FullRow<T>[]): Query {
	return templated(`rows:${getTableName(table)}`, () => fromJson(tx, table, sql.placeholder('rows'))).fill({ rows: JSON.stringify(rows) });
}

function fromJson<T extends PgTable>(tx: Tx, table: T, json: string | Placeholder) {
	// In drizzle's own insert column order (every column: the schema has no generated ones).
	const columns = Object.entries(getTableColumns(table));
	const fields = sql.join(
		columns.map(([key]) => sql`r.${sql.identifier(key)}`),
		sql`, `
	);
	const types = sql.join(
		columns.map(([key, column]) => sql`${sql.identifier(key)} ${sql.raw(column.getSQLType())}`),
		sql`, `
	);
	return tx.insert(table).select(sql`select ${fields} from jsonb_to_recordset(${json}::jsonb) as r(${types})`);
}
