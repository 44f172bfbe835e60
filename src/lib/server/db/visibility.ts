import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Viewer } from '$lib/domain/identity/actor';

/** canSee() as SQL, for reads that filter in the database (lists, exports, aggregates). */
export function visibleTo(releasableTo: PgColumn, viewer: Viewer): SQL {
	switch (viewer.audience.kind) {
		case 'cell':
			return sql`true`;
		case 'nation':
			return sql`(${releasableTo} = '"coalition"'::jsonb or ${releasableTo} @> ${JSON.stringify([viewer.audience.nation])}::jsonb)`;
		case 'none':
			return sql`false`;
	}
}
