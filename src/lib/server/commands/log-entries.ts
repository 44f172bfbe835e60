import { randomUUID } from 'node:crypto';
import { CreateLogEntry, type LogEntry } from '$lib/domain/watch-log';
import { DEFAULT_RELEASABILITY } from '$lib/domain/releasability';
import { logEntries } from '../db/schema';
import { presentLogEntry } from '../presenters';
import { defineCommand } from './command';

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
		const record: LogEntry = presentLogEntry(row!);
		return {
			name: 'log-entry.created',
			collection: 'log-entries',
			entityId: record.id,
			op: 'upsert',
			record: { ...record },
			releasableTo: record.releasableTo
		};
	}
});
