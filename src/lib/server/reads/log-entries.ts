import { desc } from 'drizzle-orm';
import type { Viewer } from '$lib/domain/actor';
import type { LogEntry } from '$lib/domain/watch-log';
import type { Db } from '../db/client';
import { logEntries } from '../db/schema';
import { visibleTo } from '../db/visibility';
import { presentLogEntry } from '../presenters';

export async function listLogEntries(db: Db, viewer: Viewer, limit = 200): Promise<LogEntry[]> {
	const rows = await db
		.select()
		.from(logEntries)
		.where(visibleTo(logEntries.releasableTo, viewer))
		.orderBy(desc(logEntries.createdAt))
		.limit(limit);
	return rows.map(presentLogEntry);
}
