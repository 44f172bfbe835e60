import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { CollectionName } from '$lib/domain/core/collections';
import type { CommandType } from '$lib/domain/core/commands';
import { AppError } from '$lib/domain/core/errors';
import { parseOrThrow } from '$lib/domain/core/validation';
import type { Releasability } from '$lib/domain/core/releasability';
import type { Viewer } from '$lib/domain/identity/actor';
import type { Action } from '$lib/domain/identity/roles';
import type { Db, DbOrTx } from '../db/client';
import { visibleTo } from '../db/visibility';
import type { BoardDefinition, KpiRecord } from '../realtime/boards/board';

/** A record as REST and the screens show it. */
export type Presented = { id: string; releasableTo: Releasability };

/** What a read has at hand: who asks, and the KPIs as this process knows them (a sector's derived status). */
export interface ReadContext {
	db: Db;
	viewer: Viewer;
	/** The KPI record of a board for this viewer, or null (strangers). */
	kpis<Figures extends object>(board: BoardDefinition<Figures>): KpiRecord<Figures> | null;
}

/**
 * A write the REST routes turn into a command: its type, and how the payload is made of the body and
 * the path. Declared rather than computed, so the OpenAPI document can say which fields the body carries.
 */
export interface RouteCommand {
	type: CommandType;
	/** The path names everything the command takes (acknowledge, revoke): a body is not passed on. */
	bodyless?: true;
	/** The action's name joins the payload as `action`: one command serves every step of a workflow. */
	namesAction?: true;
}

/** The payload's fields a route takes from its path: the record's `id` on a record's routes, and the action's name where the command wants it. */
export function pathFields(command: RouteCommand, id: string, action: string): Record<string, string> {
	if (!id) return {};
	return command.namesAction ? { id, action } : { id };
}

/** A command's payload as a route sends it: the body (unless the path says it all), then the path's fields, which a body cannot override. */
export function routePayload(command: RouteCommand, body: Record<string, unknown>, id: string, action: string): Record<string, unknown> {
	return { ...(command.bodyless ? {} : body), ...pathFields(command, id, action) };
}

export interface ExportFormat<R> {
	contentType: string;
	/** Offered as a download under this file name (CSV), or shown inline (GeoJSON). */
	fileName?: string;
	render(items: readonly R[]): string;
}

/**
 * One collection, described once: everything the REST routes, the live-state rebuild, the history
 * and the exports need. One file per guarantee (server/collections/<guarantee>.ts) registers its own.
 */
export interface CollectionSpec<R extends Presented = Presented, Q extends z.ZodObject = z.ZodObject> {
	name: CollectionName;
	table: PgTable;
	/** The table's id column, and its releasability column (none: the cell's own records, such as users). */
	idColumn: PgColumn;
	releasableColumn: PgColumn | null;
	/** The row → the record, field by field (presenters never pass a raw row). */
	present(row: never): R;
	/** Default order of lists and of the live-state rebuild. */
	order: SQL[];
	/** The permission to list and read records (releasability applies on top). */
	read: Action;
	/** The permission to read a record's history (beyond seeing the record). */
	history: Action;
	/** The list's query parameters (`?from=&to=…`), checked before `list` gets them; also what the OpenAPI document shows. */
	query?: Q;
	/** A list of its own (with the `query` filters); otherwise every record the viewer may see, in `order`. */
	list?(ctx: ReadContext, query: z.output<Q>): Promise<R[]>;
	/** One record with more than its row (a report without a sector the viewer may not see). */
	get?(ctx: ReadContext, id: string): Promise<R>;
	/** `GET /api/v1/<name>.<format>`: the same list, in another format. */
	exports?: Partial<Record<'csv' | 'geojson', ExportFormat<R>>>;
	/** `POST /api/v1/<name>`, `PATCH` and `DELETE /api/v1/<name>/<id>`, `POST /api/v1/<name>/<id>/<action>`. */
	create?: RouteCommand;
	update?: RouteCommand;
	remove?: RouteCommand;
	actions?: Record<string, RouteCommand>;
	/** What a create answers beyond the record (a token's secret, shown once). */
	created?(record: Presented, reply: Record<string, unknown> | undefined, origin: string): Record<string, unknown>;
	/** How the API names a missing one: "No such log entry". */
	noun: string;
	/** What an id in a path looks like (default: a UUID); anything else names nothing. */
	idPattern?: RegExp;
	/** The most records a list answers (default 5000). */
	limit?: number;
}

export function defineCollection<R extends Presented, Q extends z.ZodObject = z.ZodObject>(spec: CollectionSpec<R, Q>): CollectionSpec<R, Q> {
	return spec;
}

/** A workflow's steps as `POST /api/v1/<name>/<id>/<step>`: one command serves them all, the step's name in its payload. */
export function workflowActions(type: CommandType, steps: readonly string[]): Record<string, RouteCommand> {
	return Object.fromEntries(steps.map((action) => [action, { type, namesAction: true }]));
}

const LIST_LIMIT = 5000;

function visibility(spec: CollectionSpec, viewer: Viewer): SQL {
	return spec.releasableColumn ? visibleTo(spec.releasableColumn, viewer) : viewer.audience.kind === 'cell' ? sql`true` : sql`false`;
}

/** Every record of a collection, in its order: what live state is rebuilt from. */
export async function allRecords(db: DbOrTx, spec: CollectionSpec): Promise<Presented[]> {
	const rows = await db.select().from(spec.table).orderBy(...spec.order);
	return rows.map((row) => spec.present(row as never));
}

/** The collection's list as this viewer may see it. */
export async function listRecords<R extends Presented>(ctx: ReadContext, spec: CollectionSpec<R>, query: Record<string, string> = {}): Promise<R[]> {
	if (spec.list) return spec.list(ctx, spec.query ? parseOrThrow(spec.query, query) : {});
	const rows = await ctx.db
		.select()
		.from(spec.table)
		.where(visibility(spec as CollectionSpec, ctx.viewer))
		.orderBy(...spec.order)
		.limit(spec.limit ?? LIST_LIMIT);
	return rows.map((row) => spec.present(row as never));
}

/** One record the viewer may see; one it may not see is not found, exactly as one that does not exist. */
export async function getRecord<R extends Presented>(ctx: ReadContext, spec: CollectionSpec<R>, id: string): Promise<R> {
	if (spec.get) return spec.get(ctx, id);
	const [row] = await ctx.db
		.select()
		.from(spec.table)
		.where(and(eq(spec.idColumn, id), visibility(spec as CollectionSpec, ctx.viewer)));
	if (!row) throw new AppError('not_found', `No such ${spec.noun}`);
	return spec.present(row as never);
}

/**
 * Each releasability and exercise flag among the records of a collection this viewer may see, once:
 * what a figure counted over the collection is made of, for its marking (domain/cell/sitrep.ts).
 */
export async function markingsOf(ctx: ReadContext, spec: CollectionSpec): Promise<{ releasableTo: Releasability; exercise: boolean }[]> {
	const exercise = (getTableColumns(spec.table) as Record<string, PgColumn>).exercise;
	if (!spec.releasableColumn || !exercise) throw new Error(`${spec.name} has no releasability or exercise flag to mark`);
	const rows = await ctx.db
		.selectDistinct({ releasableTo: spec.releasableColumn, exercise })
		.from(spec.table)
		.where(visibility(spec, ctx.viewer));
	return rows as { releasableTo: Releasability; exercise: boolean }[];
}
