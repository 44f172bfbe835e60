import { eq, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { viewerOf } from '$lib/domain/identity/actor';
import { AppError } from '$lib/domain/core/errors';
import { canSee, type Releasability } from '$lib/domain/core/releasability';
import type { Tx } from '../db/client';
import { selectRows, templated } from '../db/statements';
import type { RowLoader } from './command';

/**
 * The target of a command: the row with the input's id, locked FOR UPDATE (of two officers acting at
 * once, the second sees the first's result), and one the actor may not see is "not found", exactly
 * as one that does not exist, so the answer does not reveal that it exists.
 */
export function rowOf<T extends PgTable & { id: PgColumn }>(table: T, noun: string): RowLoader<T['$inferSelect']> {
	return {
		async load(tx, actor, id) {
			const [row] = (await lockedById(tx, table, id)) as (T['$inferSelect'] & { releasableTo?: Releasability })[];
			if (!row || (row.releasableTo !== undefined && !canSee(viewerOf(actor), row.releasableTo))) throw new AppError('not_found', `No such ${noun}`);
			return row;
		}
	};
}

/** `select … where id = <id> for update`: the row, locked, or none (its SQL built once per table). */
export function lockedById<T extends PgTable & { id: PgColumn }>(tx: Tx, table: T, id: string): Promise<T['$inferSelect'][]> {
	const locked = templated(`locked:${getTableName(table)}`, () => tx.select().from(table as PgTable).where(eq(table.id, sql.placeholder('id'))).for('update'));
	return selectRows(tx, table, locked.fill({ id }));
}
