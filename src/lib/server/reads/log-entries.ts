import { and, desc, eq } from 'drizzle-orm';
import { AppError } from '$lib/domain/core/errors';
import type { Viewer } from '$lib/domain/identity/actor';
import type { LogEntry } from '$lib/domain/cell/watch-log';
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

export async function getLogEntry(db: Db, viewer: Viewer, id: string): Promise<LogEntry> {
	const [row] = await db
		.select()
		.from(logEntries)
		.where(and(eq(logEntries.id, id), visibleTo(logEntries.releasableTo, viewer)));
	if (!row) throw new AppError('not_found', 'No such log entry');
	return presentLogEntry(row);
}
