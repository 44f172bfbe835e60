import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError } from '$lib/domain/core/errors';
import { DEFAULT_RELEASABILITY } from '$lib/domain/core/releasability';
import { alertsCollection, logEntriesCollection } from '../collections/cell';
import { alerts, logEntries } from '../db/schema';
import { changed, defineCommand } from './command';
import { rowOf } from './load';

/** The cell's own writes: the watch log, and acknowledging the alerts every screen shows. */

/** An officer's entry is stored once, in their name, and from then on is history. */
export const createLogEntry = defineCommand({
	type: 'log-entries.create',
	action: 'log-entries.create',
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
		return changed(logEntriesCollection, 'created', row!);
	}
});

/** Only who may see an entry changes; those who lose sight of it get a removal. */
export const updateLogEntry = defineCommand({
	type: 'log-entries.update',
	action: 'log-entries.update',
	load: rowOf(logEntries, 'log entry'),
	async apply(tx, _actor, input, { target: entry }) {
		const [row] = await tx.update(logEntries).set({ releasableTo: input.releasableTo }).where(eq(logEntries.id, entry.id)).returning();
		return changed(logEntriesCollection, 'updated', row!, { previousReleasableTo: entry.releasableTo });
	}
});

/** One officer acknowledges for everyone; a second acknowledgement is told who was first. */
export const acknowledgeAlert = defineCommand({
	type: 'alerts.acknowledge',
	action: 'alerts.acknowledge',
	load: rowOf(alerts, 'alert'),
	async apply(tx, actor, _input, { target: alert }) {
		if (alert.acknowledgedBy) throw new AppError('conflict', `Already acknowledged by ${alert.acknowledgedBy}`);
		const [row] = await tx.update(alerts).set({ acknowledgedBy: actor.displayName, acknowledgedAt: new Date() }).where(eq(alerts.id, alert.id)).returning();
		return changed(alertsCollection, 'acknowledged', row!);
	}
});
