import type { WireRecord } from '$lib/domain/core/protocol';
import { BRIGADE_STAGES, type Brigade } from '$lib/domain/forces/brigades';
import { emptyGrid, emptyStages, readyShare, type ForcesKpis } from '$lib/domain/forces/kpis';
import { isReady, type Unit } from '$lib/domain/forces/units';
import { DatedTally, defineBoard } from './board';
import { Counts } from './counts';

/** Guarantee 3: readiness by domain and nation, and the brigades' regeneration (`forcesKpis` is its recount). */
export const forcesBoard = defineBoard({
	id: 'forces',
	collections: ['units', 'brigades'],
	tally: (now) => new ForcesTally(now)
});

const CERTIFIED = BRIGADE_STAGES.indexOf('certified');

/**
 * One audience's forces KPIs: each unit or brigade moves a few counters. Brigades not yet certified
 * are kept by planned day, so midnight turns them behind schedule with no write and no recount.
 */
class ForcesTally extends DatedTally<ForcesKpis> {
	#units = 0;
	#ready = 0;
	#byDomain = emptyGrid();
	#byNation = new Map<string, { units: number; ready: number }>();
	#byStage = emptyStages();
	/** Brigades short of certification, by planned certification day. */
	#uncertifiedBy = new Counts<string>();

	protected count(collection: string, record: WireRecord, sign: 1 | -1): void {
		if (collection === 'units') {
			const unit = record as unknown as Unit;
			const ready = isReady(unit.readiness) ? sign : 0;
			this.#units += sign;
			this.#ready += ready;
			this.#byDomain[unit.domain][unit.readiness] += sign;
			const nation = this.#byNation.get(unit.nation) ?? { units: 0, ready: 0 };
			nation.units += sign;
			nation.ready += ready;
			if (nation.units) this.#byNation.set(unit.nation, nation);
			else this.#byNation.delete(unit.nation);
			return;
		}
		const brigade = record as unknown as Brigade;
		this.#byStage[brigade.stage] += sign;
		if (BRIGADE_STAGES.indexOf(brigade.stage) < CERTIFIED) {
			this.#uncertifiedBy.move(brigade.plannedCertifiedOn, sign);
		}
	}

	figures(): ForcesKpis {
		let behindSchedule = 0;
		for (const [planned, count] of this.#uncertifiedBy.entries()) if (planned < this.today) behindSchedule += count;
		return {
			units: this.#units,
			readyShare: readyShare(this.#ready, this.#units),
			// Copies: the record is cached and sent, the counters move on.
			byDomain: structuredClone(this.#byDomain),
			byNation: Object.fromEntries([...this.#byNation].sort(([a], [b]) => (a < b ? -1 : 1)).map(([nation, counts]) => [nation, { ...counts }])),
			brigades: { byStage: { ...this.#byStage }, behindSchedule }
		};
	}
}
