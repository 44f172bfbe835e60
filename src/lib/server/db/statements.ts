import { eq, getTableColumns, getTableName, is, Param, Placeholder, sql, SQL, type DriverValueEncoder, type Query } from 'drizzle-orm';
import { PgDialect, type PgColumn, type PgInsertBase, type PgQueryResultHKT, type PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './client';

/**
 * Statements whose SQL text drizzle builds once per shape, then only their parameters per use.
 * Building the text walks every chunk of a statement through drizzle's type checks: for the few
 * fixed writes of a command (its row, its events, the rollups) that cost more CPU than the rest of
 * the command (README → Performance). The text is drizzle's own; each parameter is encoded as
 * drizzle would encode it (its column's mapToDriverValue, null as NULL).
 */

const dialect = new PgDialect();

// A table's columns as [key, column] pairs, worked out once: rowFrom runs for every row a command or the tailer reads.
const columnEntries = new WeakMap<PgTable, [string, PgColumn][]>();
function columnsOf(table: PgTable): [string, PgColumn][] {
	let columns = columnEntries.get(table);
	if (!columns) columnEntries.set(table, (columns = Object.entries(getTableColumns(table))));
	return columns;
}

/** Where a parameter comes from: a value fixed in the statement, or a placeholder filled per use. */
type Slot = { fixed: unknown } | { name: string; encoder: DriverValueEncoder<unknown, unknown> | null };

export class Template {
	readonly #sql: string;
	readonly #slots: Slot[];

	constructor(statement: SQL) {
		const query = dialect.sqlToQuery(statement);
		this.#sql = query.sql;
		this.#slots = query.params.map((param): Slot => {
			if (is(param, Param) && is(param.value, Placeholder)) return { name: param.value.name, encoder: param.encoder };
			if (is(param, Placeholder)) return { name: param.name, encoder: null };
			return { fixed: param };
		});
	}

	fill(values: Readonly<Record<string, unknown>>): Query {
		const params = this.#slots.map((slot) => {
			if ('fixed' in slot) return slot.fixed;
			if (!(slot.name in values)) throw new Error(`No value for placeholder "${slot.name}"`);
			const value = values[slot.name];
			return value === null || !slot.encoder ? value : slot.encoder.mapToDriverValue(value);
		});
		return { sql: this.#sql, params };
	}
}

const templates = new Map<string, Template>();

/** The template under `key`, built by `build` the first time (with placeholders where values go). */
export function templated(key: string, build: () => { getSQL(): SQL }): Template {
	let template = templates.get(key);
	if (!template) templates.set(key, (template = new Template(build().getSQL())));
	return template;
}

/** A statement as the driver takes it: drizzle's SQL is built to text here, a Query is already. */
export type Statement = SQL | Query;

export function toQuery(statement: Statement): Query {
	return is(statement, SQL) ? dialect.sqlToQuery(statement) : statement;
}

/** Runs a statement in a transaction; what comes back is the driver's (PGlite: `{ rows }`; postgres.js: the rows). */
export function executeStatement(tx: Tx, statement: Statement): Promise<unknown> {
	return tx._.session.prepareQuery(toQuery(statement), undefined, undefined, false).execute();
}

/** What finishes an insert (returning, on conflict), named: the name is part of the template's key. */
export interface InsertEnding<T extends PgTable> {
	name: string;
	apply(insert: PgInsertBase<T, PgQueryResultHKT>): { getSQL(): SQL };
}

// More rows than this are a CSV import's: built once each, not kept.
const TEMPLATED_ROWS = 8;

/**
 * `insert into <table> values <rows>` (a column left out of a row takes its default), and the ending,
 * as a Query. Templated per number of rows and columns given, up to TEMPLATED_ROWS rows.
 */
export function insertValues<T extends PgTable>(tx: Tx, table: T, rows: readonly Record<string, unknown>[], ending?: InsertEnding<T>): Query {
	const finish = (insert: PgInsertBase<T, PgQueryResultHKT>) => (ending ? ending.apply(insert) : insert);
	const columns = columnsOf(table);
	// A default computed in JavaScript for a column left out would be computed once, into the template.
	const computed = (row: Record<string, unknown>) => columns.some(([key, column]) => row[key] === undefined && (column.defaultFn || column.onUpdateFn));
	if (rows.length > TEMPLATED_ROWS || rows.some(computed)) return toQuery(finish(tx.insert(table).values(rows as never)).getSQL());
	const given = rows.map((row) => columns.map(([key]) => key).filter((key) => row[key] !== undefined));
	const template = templated(`values:${getTableName(table)}:${ending?.name ?? ''}:${given.map((keys) => keys.join(',')).join('|')}`, () =>
		finish(tx.insert(table).values(given.map((keys, i) => Object.fromEntries(keys.map((key) => [key, sql.placeholder(`${i}.${key}`)]))) as never))
	);
	const values: Record<string, unknown> = {};
	given.forEach((keys, i) => {
		for (const key of keys) values[`${i}.${key}`] = rows[i]![key];
	});
	return template.fill(values);
}

/** `update <table> set <set> where id = <id>` as a Query, templated per table and columns set. */
export function updateById<T extends PgTable & { id: PgColumn }>(tx: Tx, table: T, id: string, set: Partial<T['$inferInsert']>): Query {
	const keys = Object.keys(set)
		.filter((key) => set[key as keyof typeof set] !== undefined)
		.sort();
	const template = templated(`update:${getTableName(table)}:${keys.join(',')}`, () =>
		tx
			.update(table as PgTable & { id: PgColumn })
			.set(Object.fromEntries(keys.map((key) => [key, sql.placeholder(`set.${key}`)])))
			.where(eq(table.id, sql.placeholder('id')))
	);
	return template.fill({ ...Object.fromEntries(keys.map((key) => [`set.${key}`, set[key as keyof typeof set]])), id });
}

/** A row of `table` as the driver returned it (column names, driver values), as drizzle would map it. */
export function rowFrom<T extends PgTable>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
	const row: Record<string, unknown> = {};
	for (const [key, column] of columnsOf(table)) row[key] = raw[column.name] == null ? null : column.mapFromDriverValue(raw[column.name]);
	return row as T['$inferSelect'];
}

/** The rows a templated select (every column of `table`) finds in `tx`, mapped as drizzle maps them. */
export async function selectRows<T extends PgTable>(tx: Tx, table: T, query: Query): Promise<T['$inferSelect'][]> {
	return (await driverRows(tx, query)).map((raw) => rowFrom(table, raw));
}

/** What a statement returns as the driver gives it: postgres.js a list of rows, PGlite `{ rows }`. */
export async function driverRows(tx: Tx, statement: Statement): Promise<Record<string, unknown>[]> {
	const result = (await executeStatement(tx, statement)) as Record<string, unknown>[] | { rows: Record<string, unknown>[] };
	return Array.isArray(result) ? result : result.rows;
}
