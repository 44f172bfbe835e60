import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { viewerOf } from '$lib/domain/identity/actor';
import { CreateLogEntry, UpdateLogEntry } from '$lib/domain/cell/watch-log';
import { DEFAULT_RELEASABILITY } from '$lib/domain/core/releasability';
import { logEntries } from '../db/schema';
import { presentLogEntry } from '../presenters';
import { defineCommand, type Change } from './command';
import { visibleOrNotFound } from './load';

function logged(name: string, row: typeof logEntries.$inferSelect, extra: Partial<Change> = {}): Change {
	const record = presentLogEntry(row);
	return { name, collection: 'log-entries', entityId: record.id, op: 'upsert', record: { ...record }, releasableTo: record.releasableTo, ...extra };
}

/** An officer's entry is stored once, in their name, and from then on is history. */
export const createLogEntry = defineCommand({
	type: 'log-entries.create',
	action: 'log-entry.create',
	schema: CreateLogEntry,
	async apply(tx, actor, input) {
		const [row] = await tx
			.insert(logEntries)
			.values({
				id: randomUUID(),
				text: input.text,
				authorId: actor.id,
				authorName: actor.displayName,
				releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY
			})
			.returning();
		return logged('log-entry.created', row!);
	}
});

/** Only who may see an entry changes; those who lose sight of it get a removal. */
export const updateLogEntry = defineCommand({
	type: 'log-entries.update',
	action: 'log-entry.update',
	schema: UpdateLogEntry,
	async apply(tx, actor, input) {
		const [current] = await tx.select().from(logEntries).where(eq(logEntries.id, input.id)).for('update');
		const entry = visibleOrNotFound(current, viewerOf(actor), 'log entry');
		const [row] = await tx.update(logEntries).set({ releasableTo: input.releasableTo }).where(eq(logEntries.id, entry.id)).returning();
		return logged('log-entry.updated', row!, { previousReleasableTo: entry.releasableTo });
	}
});
