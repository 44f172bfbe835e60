import { eq } from 'drizzle-orm';
import { viewerOf } from '$lib/domain/identity/actor';
import { AcknowledgeAlert } from '$lib/domain/cell/alerts';
import { AppError } from '$lib/domain/core/errors';
import { alerts } from '../db/schema';
import { presentAlert } from '../presenters';
import { defineCommand } from './command';
import { visibleOrNotFound } from './load';

/** One officer acknowledges for everyone; a second acknowledgement is told who was first. */
export const acknowledgeAlert = defineCommand({
	type: 'alerts.acknowledge',
	action: 'alert.acknowledge',
	schema: AcknowledgeAlert,
	async apply(tx, actor, input) {
		const [current] = await tx.select().from(alerts).where(eq(alerts.id, input.id)).for('update');
		const alert = visibleOrNotFound(current, viewerOf(actor), 'alert');
		if (alert.acknowledgedBy) throw new AppError('conflict', `Already acknowledged by ${alert.acknowledgedBy}`);
		const [row] = await tx.update(alerts).set({ acknowledgedBy: actor.displayName, acknowledgedAt: new Date() }).where(eq(alerts.id, alert.id)).returning();
		const record = presentAlert(row!);
		return { name: 'alert.acknowledged', collection: 'alerts', entityId: record.id, op: 'upsert', record: { ...record }, releasableTo: record.releasableTo };
	}
});
