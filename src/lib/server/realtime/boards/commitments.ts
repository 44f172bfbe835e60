import type { WireRecord } from '$lib/domain/core/protocol';
import type { Activation } from '$lib/domain/commitments/activations';
import type { Commitment, ResponseStatus } from '$lib/domain/commitments/commitments';
import { activationFigures, emptyByType, isUnderWay, type CommitmentsKpis } from '$lib/domain/commitments/kpis';
import { CountingTally, defineBoard } from './board';
import { Counts } from './counts';

/** Guarantee 4: commitments in force, and the drill board of the activation under way (`commitmentsKpis` is its recount). */
export const commitmentsBoard = defineBoard({
	id: 'commitments',
	collections: ['commitments', 'activations'],
	tally: () => new CommitmentsTally()
});

/** The answers to one activation: how many at each status, and which nations still owe one. */
class Answers {
	readonly byStatus: Record<ResponseStatus, number> = { requested: 0, acknowledged: 0, executing: 0, completed: 0, declined: 0 };
	readonly silent = new Counts<string>();
	count(commitment: Commitment, sign: 1 | -1): void {
		this.byStatus[commitment.response!.status] += sign;
		if (commitment.response!.status === 'requested') this.silent.move(commitment.nation, sign);
	}
}

/** One audience's commitments KPIs: each commitment or activation moves a few counters. */
class CommitmentsTally extends CountingTally<CommitmentsKpis> {
	#inForce = 0;
	#byType = emptyByType();
	/** Per activation id: answers may arrive before the activation is in view (it is released after them). */
	#answers = new Map<string, Answers>();
	/** Activations under way in view: one at most, as the commands allow no second. */
	#underWay = new Map<string, Activation>();

	protected count(collection: string, record: WireRecord, sign: 1 | -1): void {
		if (collection === 'activations') {
			const activation = record as unknown as Activation;
			if (!isUnderWay(activation)) return;
			if (sign > 0) this.#underWay.set(activation.id, activation);
			else this.#underWay.delete(activation.id);
			return;
		}
		const commitment = record as unknown as Commitment;
		if (commitment.status === 'in-force') {
			this.#inForce += sign;
			this.#byType[commitment.type] += sign;
		}
		const activationId = commitment.response?.activationId;
		if (!activationId) return;
		const answers = this.#answers.get(activationId) ?? this.#answers.set(activationId, new Answers()).get(activationId)!;
		answers.count(commitment, sign);
	}

	figures(): CommitmentsKpis {
		const [current] = this.#underWay.values();
		const answers = current && (this.#answers.get(current.id) ?? new Answers());
		return {
			inForce: this.#inForce,
			byType: { ...this.#byType },
			activation: current ? activationFigures(current, { ...answers!.byStatus }, [...answers!.silent.entries()].map(([nation]) => nation).sort()) : null
		};
	}
}
