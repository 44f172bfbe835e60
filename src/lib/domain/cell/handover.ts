import { z } from 'zod';
import { plainText } from '../core/text';

/**
 * The shift handover: the outgoing watch officer lists what stays open, the incoming one
 * acknowledges it. Both land in the watch log, so the log reads as the watch's own record.
 */

export interface Handover {
	id: string;
	summary: string;
	/** What the incoming watch takes over, one line each (drafted from live state, edited by the author). */
	openItems: string[];
	handedBy: string;
	handedAt: string;
	acknowledgedBy: string | null;
	acknowledgedAt: string | null;
	/** The cell's own: a handover speaks of everything the watch holds. */
	releasableTo: 'cell';
}

export const CreateHandover = z.strictObject({
	summary: plainText(4000, 'Say how the watch went'),
	openItems: z.array(plainText(500)).max(100, 'At most 100 open items')
});
export type CreateHandover = z.infer<typeof CreateHandover>;

export const AcknowledgeHandover = z.strictObject({ id: z.uuid() });

/** The watch-log text of a handover: readable on its own, in the log's order. */
export function handoverLogText(handover: Pick<Handover, 'summary' | 'openItems' | 'handedBy'>): string {
	const items = handover.openItems.length ? `\nOpen items:\n${handover.openItems.map((item) => `- ${item}`).join('\n')}` : '\nNo open items.';
	return `WATCH HANDOVER by ${handover.handedBy}: ${handover.summary}${items}`.slice(0, 4000);
}

/** What stays open, drafted from what the watch holds now. */
export interface OpenWork {
	unacknowledgedAlerts: { title: string }[];
	awaitingVerification: number;
	overdueDeliveries: number;
	activeDrill: { scenario: string; exercise: boolean } | null;
}

export function draftOpenItems(open: OpenWork): string[] {
	return [
		...open.unacknowledgedAlerts.map((alert) => `Alert not acknowledged: ${alert.title}`),
		...(open.awaitingVerification ? [`${open.awaitingVerification} violation report(s) awaiting verification`] : []),
		...(open.overdueDeliveries ? [`${open.overdueDeliveries} overdue deliveries`] : []),
		...(open.activeDrill ? [`Activation under way${open.activeDrill.exercise ? ' (EXERCISE)' : ''}: ${open.activeDrill.scenario}`] : [])
	];
}
