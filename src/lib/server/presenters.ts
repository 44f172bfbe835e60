import type { LogEntry } from '$lib/domain/watch-log';
import type { UserView } from '$lib/domain/users';
import type { TokenView } from '$lib/domain/tokens';
import type { apiTokens, logEntries, users } from './db/schema';

// Presenters whitelist fields: a record goes on the wire only through one of these.

export function presentLogEntry(row: typeof logEntries.$inferSelect): LogEntry {
	return {
		id: row.id,
		text: row.text,
		authorId: row.authorId,
		authorName: row.authorName,
		createdAt: row.createdAt.toISOString(),
		releasableTo: row.releasableTo
	};
}

export function presentUser(row: typeof users.$inferSelect): UserView {
	return {
		id: row.id,
		username: row.username,
		displayName: row.displayName,
		role: row.role,
		nation: row.nation,
		disabled: row.disabled,
		createdAt: row.createdAt.toISOString(),
		releasableTo: 'cell'
	};
}

export function presentToken(row: typeof apiTokens.$inferSelect): TokenView {
	return {
		id: row.id,
		name: row.name,
		role: row.role,
		nation: row.nation,
		createdAt: row.createdAt.toISOString(),
		revokedAt: row.revokedAt?.toISOString() ?? null,
		lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
		releasableTo: 'cell'
	};
}
