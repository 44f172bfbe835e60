import { COMMITMENT_STATUS_LABELS, RESPONSE_STATUS_LABELS, type CommitmentStatus, type ResponseStatus } from '$lib/domain/commitments/commitments';

/** How a status is shown: its word, a tone, and a mark of its own shape, so that colour is never the only cue. */
export interface Look {
	label: string;
	tone: 'ok' | 'warn' | 'danger' | 'accent' | 'muted';
	mark: string;
}

/** A commitment asked in a drill and still at "requested" has not been answered: it says so. */
export const ANSWER_LOOKS: Record<ResponseStatus, Look> = {
	requested: { label: 'No answer', tone: 'danger', mark: '!' },
	acknowledged: { label: RESPONSE_STATUS_LABELS.acknowledged, tone: 'accent', mark: '✓' },
	executing: { label: RESPONSE_STATUS_LABELS.executing, tone: 'warn', mark: '▶' },
	completed: { label: RESPONSE_STATUS_LABELS.completed, tone: 'ok', mark: '●' },
	declined: { label: RESPONSE_STATUS_LABELS.declined, tone: 'muted', mark: '⊘' }
};

export const COMMITMENT_STATUS_LOOKS: Record<CommitmentStatus, Look> = {
	proposed: { label: COMMITMENT_STATUS_LABELS.proposed, tone: 'muted', mark: '○' },
	agreed: { label: COMMITMENT_STATUS_LABELS.agreed, tone: 'warn', mark: '◐' },
	'in-force': { label: COMMITMENT_STATUS_LABELS['in-force'], tone: 'ok', mark: '●' }
};
