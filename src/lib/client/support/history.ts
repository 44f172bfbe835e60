import type { AuditEntry } from '$lib/domain/cell/audit';
import { DELIVERY_STATUS_LABELS, DELIVERY_WORKFLOW, type DeliveryStatus, type DeliveryStep } from '$lib/domain/support/deliveries';
import { fieldLabel, visibleChanges } from '../format/changes';

/** One line of a delivery's step history, as the pledge page lists them. */
export interface StepLine {
	seq: number;
	/** When it was logged (ISO, UTC). */
	at: string;
	/** "Recorded as planned", "Dispatched", "Changed: hub, expected on". */
	what: string;
	/** The status after it, when it changed. */
	status: DeliveryStatus | null;
	/** The day it happened, as its author said (a step is often recorded after the fact). */
	on: string | null;
	reason: string | null;
	by: string;
}

const isStatus = (value: unknown): value is DeliveryStatus => typeof value === 'string' && value in DELIVERY_STATUS_LABELS;
const isStep = (value: unknown): value is DeliveryStep =>
	typeof value === 'object' && value !== null && typeof (value as DeliveryStep).action === 'string' && (value as DeliveryStep).action in DELIVERY_WORKFLOW.steps;

/**
 * A delivery's history (newest first, as the server reads it) as its steps, oldest first: each step
 * with its day and reason from the record's `lastStep` as it was right after the step.
 */
export function stepHistory(entries: readonly AuditEntry[]): StepLine[] {
	return [...entries]
		.sort((a, b) => a.seq - b.seq)
		.map((entry) => {
			const after = (field: string) => entry.changes.find((c) => c.field === field)?.after;
			const status = after('status');
			const step = after('lastStep');
			const line = { seq: entry.seq, at: entry.at, status: isStatus(status) ? status : null, by: entry.actorName, on: null, reason: null };
			if (entry.name.endsWith('.created')) {
				const deliveredOn = after('deliveredOn');
				return { ...line, what: `Recorded as ${isStatus(status) ? DELIVERY_STATUS_LABELS[status].toLowerCase() : 'planned'}`, on: typeof deliveredOn === 'string' ? deliveredOn : null };
			}
			if (isStep(step)) return { ...line, what: DELIVERY_WORKFLOW.steps[step.action].label, on: step.on, reason: step.reason };
			const changed = visibleChanges(entry.changes).map((c) => fieldLabel(c.field));
			return { ...line, what: changed.length ? `Changed: ${changed.join(', ')}` : 'Changed' };
		});
}
