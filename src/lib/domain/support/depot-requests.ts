import { z } from 'zod';
import { ObservedAt } from '../core/datetime';
import { NationCode } from '../core/nations';
import { Releasability } from '../core/releasability';
import { plainText } from '../core/text';
import { advance, defineWorkflow } from '../core/workflow';
import type { Action } from '../identity/roles';

/**
 * Guarantee 2: Ukraine's requests for access to a donor nation's defence depots. `nation` is the
 * depot's nation, the one that answers; the response time is what the cell watches.
 */

export const DEPOT_REQUEST_STATUSES = ['requested', 'granted', 'refused'] as const;
export type DepotRequestStatus = (typeof DEPOT_REQUEST_STATUSES)[number];

export const DEPOT_REQUEST_STATUS_LABELS: Record<DepotRequestStatus, string> = {
	requested: 'Requested',
	granted: 'Granted',
	refused: 'Refused'
};

export interface DepotRequest {
	id: string;
	/** The depot's nation (ISO alpha-3): it grants or refuses. */
	nation: string;
	depot: string;
	/** What Ukraine asks to draw or inspect. */
	item: string;
	purpose: string | null;
	status: DepotRequestStatus;
	requestedAt: string;
	/** When it was granted or refused; null while requested. */
	respondedAt: string | null;
	/** requestedAt → respondedAt in days (one decimal); null while requested. */
	responseDays: number | null;
	/** Why it was granted or refused (the history keeps who and when). */
	reason: string | null;
	exercise: boolean;
	releasableTo: Releasability;
}

const DAY_MS = 86_400_000;

/** The response time, in days to one decimal: a day's answer and a month's differ in what the cell does next. */
export function responseDays(requestedAt: Date, respondedAt: Date | null): number | null {
	return respondedAt ? Math.round(((respondedAt.getTime() - requestedAt.getTime()) / DAY_MS) * 10) / 10 : null;
}

export const CreateDepotRequest = z.strictObject({
	nation: NationCode,
	depot: plainText(200),
	item: plainText(500),
	purpose: plainText(2000).optional(),
	/** When Ukraine asked, if before it was recorded here; now otherwise. */
	requestedAt: ObservedAt.optional(),
	releasableTo: Releasability.optional(),
	exercise: z.boolean().optional()
});
export type CreateDepotRequest = z.infer<typeof CreateDepotRequest>;

/** requested → granted | refused: one answer, final. */
export const DEPOT_REQUEST_WORKFLOW = defineWorkflow<'grant' | 'refuse', DepotRequestStatus, Action>({
	grant: { from: ['requested'], to: 'granted', permission: 'depot-requests.answer', past: 'granted', label: 'Grant access', prompt: 'On what terms is access granted?' },
	refuse: { from: ['requested'], to: 'refused', permission: 'depot-requests.answer', past: 'refused', label: 'Refuse', prompt: 'Why is access refused?' }
});
export type DepotRequestAction = keyof typeof DEPOT_REQUEST_WORKFLOW.steps;

export const AnswerDepotRequest = z.strictObject({
	id: z.uuid(),
	action: z.enum(DEPOT_REQUEST_WORKFLOW.actions),
	reason: plainText(2000)
});
export type AnswerDepotRequest = z.infer<typeof AnswerDepotRequest>;

/** The status after an answer, or a conflict naming the current one (it was answered already). */
export function answeredStatus(current: DepotRequestStatus, action: DepotRequestAction): DepotRequestStatus {
	return advance(DEPOT_REQUEST_WORKFLOW, action, current, { noun: 'request', statusLabel: (status) => DEPOT_REQUEST_STATUS_LABELS[status] });
}
