import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError } from '$lib/domain/core/errors';
import { DEFAULT_RELEASABILITY } from '$lib/domain/core/releasability';
import { handoverLogText } from '$lib/domain/cell/handover';
import { changedWallSettings, DEFAULT_WALL_SETTINGS, WALL_SETTINGS_ID } from '$lib/domain/cell/wall-settings';
import type { Actor } from '$lib/domain/identity/actor';
import { alertsCollection, handoversCollection, logEntriesCollection, settingsCollection } from '../collections/cell';
import { insertRowsQuery, type FullRow } from '../db/bulk-insert';
import type { Tx } from '../db/client';
import { alerts, handovers, logEntries, settings } from '../db/schema';
import { changed, defineCommand, type Change } from './command';
import { rowOf } from './load';

/** The cell's own writes: the watch log, and acknowledging the alerts every screen shows. */

/** An officer's entry is stored once, in their name, and from then on is history. */
export const createLogEntry = defineCommand({
	type: 'log-entries.create',
	action: 'log-entries.create',
	async apply(tx, actor, input, { defer }) {
		const row: FullRow<typeof logEntries> = {
			id: randomUUID(),
			text: input.text,
			authorId: actor.id,
			authorName: actor.displayName,
			createdAt: new Date(),
			releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY
		};
		defer(insertRowsQuery(tx, logEntries, [row]));
		return changed(logEntriesCollection, 'created', row);
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

/** A line in the watch log, the cell's own, in the actor's name: how a handover enters the log's record. */
async function logLine(tx: Tx, actor: Actor, text: string): Promise<Change> {
	const [row] = await tx.insert(logEntries).values({ id: randomUUID(), text, authorId: actor.id, authorName: actor.displayName, releasableTo: 'cell' }).returning();
	return changed(logEntriesCollection, 'created', row!);
}

/** The outgoing watch officer hands over: the handover, and its text in the watch log. */
export const createHandover = defineCommand({
	type: 'handovers.create',
	action: 'handovers.manage',
	async apply(tx, actor, input) {
		const [row] = await tx
			.insert(handovers)
			.values({ id: randomUUID(), summary: input.summary, openItems: input.openItems, handedById: actor.id, handedBy: actor.displayName, handedAt: new Date() })
			.returning();
		return [changed(handoversCollection, 'created', row!), await logLine(tx, actor, handoverLogText(row!))];
	}
});

/** The incoming one takes the watch: another officer than the one who handed over, once. */
export const acknowledgeHandover = defineCommand({
	type: 'handovers.acknowledge',
	action: 'handovers.manage',
	load: rowOf(handovers, 'handover'),
	async apply(tx, actor, _input, { target: handover }) {
		if (handover.handedById === actor.id) throw new AppError('forbidden', 'The incoming watch acknowledges a handover, not the officer who wrote it');
		if (handover.acknowledgedBy) throw new AppError('conflict', `Already acknowledged by ${handover.acknowledgedBy}`);
		const [row] = await tx.update(handovers).set({ acknowledgedBy: actor.displayName, acknowledgedAt: new Date() }).where(eq(handovers.id, handover.id)).returning();
		return [changed(handoversCollection, 'acknowledged', row!), await logLine(tx, actor, `WATCH TAKEN OVER by ${actor.displayName} from ${handover.handedBy} (handover of ${handover.handedAt.toISOString().slice(0, 16)}Z acknowledged)`)];
	}
});

/**
 * The administrator sets how every wall behaves; the walls follow the record live. There is one
 * record, made by the first change (until then every wall uses the defaults), locked while it changes.
 */
export const changeWallSettings = defineCommand({
	type: 'settings.wall',
	action: 'settings.manage',
	async apply(tx, actor, input) {
		const [current] = await tx.select().from(settings).where(eq(settings.id, WALL_SETTINGS_ID)).for('update');
		const value = changedWallSettings(current?.value ?? DEFAULT_WALL_SETTINGS, input);
		const values = { value, updatedBy: actor.displayName, updatedAt: new Date() };
		// Two first changes at once: the second finds the first's row and overwrites it, as any later change would.
		const [row] = await tx
			.insert(settings)
			.values({ id: WALL_SETTINGS_ID, ...values })
			.onConflictDoUpdate({ target: settings.id, set: values })
			.returning();
		return changed(settingsCollection, 'updated', row!);
	}
});
