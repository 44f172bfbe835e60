import type { AuditEntry } from '../cell/audit';
import type { Commitment, CommitmentResponse, CommitmentType, ResponseStatus } from './commitments';

/** One step of a commitment's answer to a drill: asked (requested), or answered by someone at a time. */
export interface DrillAnswerEntry {
	commitmentId: string;
	nation: string;
	type: CommitmentType;
	status: ResponseStatus;
	note: string | null;
	at: string;
	by: string | null;
}

const isResponseTo = (value: unknown, activationId: string): value is CommitmentResponse =>
	typeof value === 'object' && value !== null && (value as Partial<CommitmentResponse>).activationId === activationId;

function entryOf(commitment: Pick<Commitment, 'id' | 'nation' | 'type'>, response: CommitmentResponse): DrillAnswerEntry {
	return { commitmentId: commitment.id, nation: commitment.nation, type: commitment.type, status: response.status, note: response.note, at: response.at, by: response.by };
}

/**
 * A drill's report read from one commitment's history (newest first, as recordHistory gives it):
 * every change of its `response` that belongs to that activation, oldest first. A later drill
 * overwrites the response on the record; the history still holds this one's.
 */
export function answersInHistory(commitment: Pick<Commitment, 'id' | 'nation' | 'type'>, history: readonly AuditEntry[], activationId: string): DrillAnswerEntry[] {
	const entries: DrillAnswerEntry[] = [];
	for (const event of [...history].reverse()) {
		const change = event.changes.find((c) => c.field === 'response');
		if (change && isResponseTo(change.after, activationId)) entries.push(entryOf(commitment, change.after));
	}
	return entries;
}

/** The answer a commitment holds now, for a reader without access to history: the latest step only. */
export function currentAnswer(commitment: Commitment, activationId: string): DrillAnswerEntry | null {
	return isResponseTo(commitment.response, activationId) ? entryOf(commitment, commitment.response) : null;
}

/** Each commitment's last step in the drill, in the order of the entries given. */
export function lastAnswers(entries: readonly DrillAnswerEntry[]): DrillAnswerEntry[] {
	const last = new Map<string, DrillAnswerEntry>();
	for (const entry of entries) last.set(entry.commitmentId, entry);
	return [...last.values()];
}
