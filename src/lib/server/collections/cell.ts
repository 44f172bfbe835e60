import { asc, desc } from 'drizzle-orm';
import { alerts, handovers, logEntries, settings } from '../db/schema';
import { presentAlert, presentHandover, presentLogEntry, presentSettings } from '../presenters';
import { defineCollection } from './registry';

/** The cell's own collections: the watch log and the alerts every screen shows until acknowledged. */

export const logEntriesCollection = defineCollection({
	name: 'log-entries',
	noun: 'log entry',
	table: logEntries,
	idColumn: logEntries.id,
	releasableColumn: logEntries.releasableTo,
	present: presentLogEntry,
	order: [desc(logEntries.createdAt)],
	limit: 200,
	read: 'records.read',
	history: 'history.read',
	create: { type: 'log-entries.create' },
	/** `{ releasableTo }`: the one thing about an entry that may change. */
	update: { type: 'log-entries.update' }
});

export const alertsCollection = defineCollection({
	name: 'alerts',
	noun: 'alert',
	table: alerts,
	idColumn: alerts.id,
	releasableColumn: alerts.releasableTo,
	present: presentAlert,
	order: [desc(alerts.raisedAt)],
	limit: 200,
	read: 'records.read',
	history: 'history.read',
	actions: {
		/** One officer acknowledges for everyone; a second gets 409 naming who was first. */
		acknowledge: { type: 'alerts.acknowledge', bodyless: true }
	}
});

export const handoversCollection = defineCollection({
	name: 'handovers',
	noun: 'handover',
	table: handovers,
	idColumn: handovers.id,
	// The cell's own (like users): no releasability column, partners never see one.
	releasableColumn: null,
	present: presentHandover,
	order: [desc(handovers.handedAt)],
	limit: 50,
	read: 'records.read',
	history: 'history.read',
	/** `{ summary, openItems: string[] }`: also written to the watch log. */
	create: { type: 'handovers.create' },
	actions: {
		/** By another admin or officer than the one who handed over; once. */
		acknowledge: { type: 'handovers.acknowledge', bodyless: true }
	}
});

/**
 * Settings every screen follows live: one record, `wall` (which panels the walls rotate through).
 * Released to the coalition, so a partner's wall rotates as the cell's do; only the admin changes it.
 */
export const settingsCollection = defineCollection({
	name: 'settings',
	noun: 'setting',
	table: settings,
	idColumn: settings.id,
	releasableColumn: settings.releasableTo,
	present: presentSettings,
	order: [asc(settings.id)],
	read: 'records.read',
	history: 'history.read',
	/** One record for now: any other id names nothing (404). */
	idPattern: /^wall$/,
	/** `PATCH /api/v1/settings/wall {rotate?, panels?, seconds?}` */
	update: { type: 'settings.wall' }
});
