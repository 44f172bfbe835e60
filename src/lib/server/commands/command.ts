import { randomUUID } from 'node:crypto';
import type { Query, SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { COMMAND_SCHEMAS, type CommandType } from '$lib/domain/core/commands';
import type { Actor } from '$lib/domain/identity/actor';
import type { Action } from '$lib/domain/identity/roles';
import type { Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { Tx } from '../db/client';

/** What a command changed, as it goes into the event log and out to screens. */
export interface Change {
	/**
	 * `<collection>.<past tense>`, e.g. `log-entries.created`: the command, its permission and its event
	 * share the collection's stem. Events logged before that rule keep their singular names
	 * (`log-entry.created`): the log is append-only, and nothing reads the stem back (the collection
	 * column carries it, the change formatter reads only the verb).
	 */
	name: string;
	collection: string;
	entityId: string;
	op: 'upsert' | 'remove';
	record: WireRecord | null;
	releasableTo: Releasability;
	previousReleasableTo?: Releasability | null;
	/**
	 * The record as the log last held it, when the command knows it: null for a new record, else the
	 * row it loaded and locked, presented. The rollups then read nothing of its past; left out, they
	 * read it from the log. The log has no column for it.
	 */
	before?: WireRecord | null;
	/** Returned to the caller once and never logged (a token's secret). */
	reply?: Record<string, unknown>;
	/** Rooms whose live sockets must be dropped after commit (sessions ended, a token revoked). */
	disconnect?: string[];
}

/**
 * One write, described once. `execute` runs every spec through the same pipeline:
 * validate → authorize → prepare (slow work outside the transaction) → transaction (rows, then the
 * event log) → live state → broadcast.
 */
export interface CommandSpec<Schema extends z.ZodType = z.ZodType, Prepared = undefined, Target = undefined> {
	/** Imperative, e.g. `log-entries.create`: the socket command type, one of COMMAND_SCHEMAS'. */
	type: CommandType;
	/** What the actor's role must allow; a function when it depends on the input (a workflow step). */
	action: Action | ((input: z.output<Schema>) => Action);
	/** COMMAND_SCHEMAS[type]: the payload's schema, shared with the clients that send it. */
	schema: Schema;
	prepare?: (input: z.output<Schema>, actor: Actor) => Promise<Prepared>;
	/**
	 * The row the command acts on, by the input's `id` (rowOf in load.ts): `execute` locks it inside
	 * the transaction and refuses one the actor may not see as not found, before `apply` runs.
	 */
	load?: RowLoader<Target>;
	/**
	 * Runs inside the transaction, before the events are appended: change rows (locking the ones it
	 * reads to update, `for('update')`), return what changed. Several changes: the first is the
	 * command's own (its answer), the rest its consequences. A write whose row the command states in
	 * full itself (every column given: a new row, or a locked one with the fields it sets) can be
	 * deferred: it goes in the transaction's last flight, in order, ahead of the events, a round trip
	 * fewer. Its change must then be made from that row.
	 */
	apply: (tx: Tx, actor: Actor, input: z.output<Schema>, context: { prepared: Prepared; target: Target; defer: Defer }) => Promise<Change | Change[]>;
}

/** A command of COMMAND_SCHEMAS: its schema comes from the map, so the spec, REST and the clients cannot disagree. */
export function defineCommand<Type extends CommandType, Prepared = undefined, Target = undefined>(
	spec: Omit<CommandSpec<(typeof COMMAND_SCHEMAS)[Type], Prepared, Target>, 'schema' | 'type'> & { type: Type }
): CommandSpec<(typeof COMMAND_SCHEMAS)[Type], Prepared, Target> {
	return { ...spec, schema: COMMAND_SCHEMAS[spec.type] };
}

/** Sends a write with the transaction's ending (CommandSpec.apply); it fails the command there if it fails. */
export type Defer = (write: { getSQL(): SQL } | Query) => void;

/** How `execute` finds, locks and checks a command's target row (load.ts). */
export interface RowLoader<Row> {
	load(tx: Tx, actor: Actor, id: string): Promise<Row>;
}

/**
 * A change to one record of a registered collection, presented as the registry presents it and logged
 * as `<collection>.<done>`. `done: 'created'` (or `extra.before: null`) says the record is new; `was`,
 * the row as the command loaded and locked it, says what it was (Change.before).
 */
export function changed<Row>(
	collection: { name: string; present(row: never): { id: string; releasableTo: Releasability } },
	done: string,
	row: Row,
	{ was, ...extra }: Partial<Change> & { was?: Row } = {}
): Change {
	const record = collection.present(row as never);
	const before = was === undefined ? (done === 'created' ? null : undefined) : ({ ...collection.present(was as never) } as WireRecord);
	return { name: `${collection.name}.${done}`, collection: collection.name, entityId: record.id, op: 'upsert', record: { ...record } as WireRecord, releasableTo: record.releasableTo, before, ...extra };
}

/**
 * A CSV import's own record, logged before the records it created: who imported how many rows of
 * which collection (`<collection>.imported` in the collection `imports`), seen by the cell only.
 */
export function imported(collection: string, actor: Actor, rows: number): Change {
	const id = randomUUID();
	return { name: `${collection}.imported`, collection: 'imports', entityId: id, op: 'upsert', record: { id, rows, importedBy: actor.displayName, releasableTo: 'cell' }, releasableTo: 'cell' };
}
