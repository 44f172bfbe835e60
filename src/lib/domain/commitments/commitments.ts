import { z } from 'zod';
import { AppError } from '../core/errors';
import { NationCode } from '../core/nations';
import { Releasability } from '../core/releasability';
import { plainText } from '../core/text';

/** Guarantee 4: each nation's binding commitments in case of a future armed attack, and its answer in a drill. */

export const COMMITMENT_TYPES = ['military', 'intelligence', 'logistics', 'diplomatic', 'sanctions'] as const;
export type CommitmentType = (typeof COMMITMENT_TYPES)[number];
export const COMMITMENT_TYPE_LABELS: Record<CommitmentType, string> = {
	military: 'Military capabilities',
	intelligence: 'Intelligence',
	logistics: 'Logistics',
	diplomatic: 'Diplomatic initiatives',
	sanctions: 'Sanctions'
};

export const COMMITMENT_STATUSES = ['proposed', 'agreed', 'in-force'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const COMMITMENT_STATUS_LABELS: Record<CommitmentStatus, string> = { proposed: 'Proposed', agreed: 'Agreed', 'in-force': 'In force' };

/** A nation's answer to an activation: requested → acknowledged → executing → completed, or declined. */
export const RESPONSE_STATUSES = ['requested', 'acknowledged', 'executing', 'completed', 'declined'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];
export const RESPONSE_STATUS_LABELS: Record<ResponseStatus, string> = {
	requested: 'Requested',
	acknowledged: 'Acknowledged',
	executing: 'Executing',
	completed: 'Completed',
	declined: 'Declined'
};

export interface CommitmentResponse {
	activationId: string;
	status: ResponseStatus;
	note: string | null;
	at: string;
	/** Who answered; null while requested. */
	by: string | null;
}

export interface Commitment {
	id: string;
	nation: string;
	type: CommitmentType;
	text: string;
	status: CommitmentStatus;
	response: CommitmentResponse | null;
	/** The latest status change: who, when and why (the history holds every one). */
	lastChange: { status: CommitmentStatus; reason: string; by: string; at: string } | null;
	exercise: boolean;
	releasableTo: Releasability;
}

export const CreateCommitment = z.strictObject({
	nation: NationCode,
	type: z.enum(COMMITMENT_TYPES),
	text: plainText(4000),
	status: z.enum(COMMITMENT_STATUSES),
	releasableTo: Releasability.optional(),
	exercise: z.boolean().optional()
});
export type CreateCommitment = z.infer<typeof CreateCommitment>;

export const ChangeCommitmentStatus = z.strictObject({ id: z.uuid(), status: z.enum(COMMITMENT_STATUSES), reason: plainText(2000) });
export type ChangeCommitmentStatus = z.infer<typeof ChangeCommitmentStatus>;

/** What a nation may answer ("requested" is the ask, not an answer). */
export const ANSWERS = ['acknowledged', 'executing', 'completed', 'declined'] as const;
export type Answer = (typeof ANSWERS)[number];

/** `POST /api/v1/commitments/<id>/respond {status, note?}`: a nation's answer. */
export const RespondToActivation = z.strictObject({
	id: z.uuid(),
	status: z.enum(ANSWERS),
	note: plainText(2000).optional()
});
export type RespondToActivation = z.infer<typeof RespondToActivation>;

/** A status is changed to another, forward or back (a commitment can lapse); to the same one is a conflict. */
export function commitmentStatusChange(current: CommitmentStatus, next: CommitmentStatus): CommitmentStatus {
	if (current === next) throw new AppError('conflict', `The commitment is already ${COMMITMENT_STATUS_LABELS[current].toLowerCase()}`, { status: [current] });
	return next;
}

const RESPONSE_ORDER: Record<ResponseStatus, number> = { requested: 0, acknowledged: 1, executing: 2, completed: 3, declined: 3 };

/**
 * An answer moves forward only (a nation may skip ahead: requested → executing); completed and
 * declined are final. Anything else is a conflict naming where the answer stands.
 */
export function nextResponse(current: ResponseStatus, answer: Answer): ResponseStatus {
	if (RESPONSE_ORDER[answer] <= RESPONSE_ORDER[current] || current === 'completed' || current === 'declined') {
		throw new AppError('conflict', `Cannot answer ${answer} to a request already ${RESPONSE_STATUS_LABELS[current].toLowerCase()}`, { status: [current] });
	}
	return answer;
}

/** The answers still open after `current`, in order: what an answer form offers (nextResponse accepts exactly these). */
export function answersAfter(current: ResponseStatus): Answer[] {
	if (current === 'completed' || current === 'declined') return [];
	return ANSWERS.filter((answer) => RESPONSE_ORDER[answer] > RESPONSE_ORDER[current]);
}
