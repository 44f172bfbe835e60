import type { Activation, ActivationState } from './activations';
import { COMMITMENT_TYPES, type Commitment, type CommitmentType, type ResponseStatus } from './commitments';

/** `kpis.commitments` (DESIGN.md → Commitments), over what the viewer may see. */
export interface CommitmentsKpis {
	inForce: number;
	/** In-force commitments by type, every type (zeros included). */
	byType: Record<CommitmentType, number>;
	/** The activation under way (awaiting confirmation or active), or null. */
	activation: ActivationFigures | null;
}

export interface ActivationFigures extends Record<ResponseStatus, number> {
	id: string;
	exercise: boolean;
	state: ActivationState;
	/** When it became active, or was declared while it awaits confirmation: what the drill board's clock counts from. */
	since: string;
	/** Nations with a commitment still at requested, in code order. */
	silentNations: string[];
}

export const emptyByType = (): Record<CommitmentType, number> => Object.fromEntries(COMMITMENT_TYPES.map((type) => [type, 0])) as Record<CommitmentType, number>;
export const isUnderWay = (activation: Pick<Activation, 'state'>) => activation.state !== 'stood-down';

export function activationFigures(activation: Activation, answers: Record<ResponseStatus, number>, silentNations: string[]): ActivationFigures {
	return { id: activation.id, exercise: activation.exercise, state: activation.state, since: activation.activatedAt ?? activation.declaredAt, ...answers, silentNations };
}

/** The figures counted afresh: what the live board's tally must always equal. */
export function commitmentsKpis(commitments: readonly Commitment[], activations: readonly Activation[]): CommitmentsKpis {
	const byType = emptyByType();
	const inForce = commitments.filter((c) => c.status === 'in-force');
	for (const c of inForce) byType[c.type]++;
	const current = activations.find(isUnderWay);
	if (!current) return { inForce: inForce.length, byType, activation: null };
	const answers: Record<ResponseStatus, number> = { requested: 0, acknowledged: 0, executing: 0, completed: 0, declined: 0 };
	const silent = new Set<string>();
	for (const c of commitments) {
		if (c.response?.activationId !== current.id) continue;
		answers[c.response.status]++;
		if (c.response.status === 'requested') silent.add(c.nation);
	}
	return { inForce: inForce.length, byType, activation: activationFigures(current, answers, [...silent].sort()) };
}
