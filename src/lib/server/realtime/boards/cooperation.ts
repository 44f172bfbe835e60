import type { WireRecord } from '$lib/domain/core/protocol';
import { hasProduction, type CooperationKpis } from '$lib/domain/cooperation/kpis';
import type { Milestone } from '$lib/domain/cooperation/milestones';
import { toDate, type Programme } from '$lib/domain/cooperation/programmes';
import { DatedTally, defineBoard } from './board';
import { Counts } from './counts';

/** Guarantee 5: programmes, overdue milestones, production against plan (`cooperationKpis` is its recount). */
export const cooperationBoard = defineBoard({
	id: 'cooperation',
	collections: ['programmes', 'milestones'],
	tally: (now) => new CooperationTally(now)
});

/**
 * One audience's cooperation KPIs. A programme's production to date is summed when it changes and
 * again when the month turns; milestones not done are kept by due day, so midnight turns them
 * overdue with no write.
 */
class CooperationTally extends DatedTally<CooperationKpis> {
	#programmes = new Map<string, Programme>();
	#production = new Map<string, { plannedToDate: number; actualToDate: number }>();
	#openByDue = new Counts<string>();

	override advance(now: Date): void {
		const month = this.today.slice(0, 7);
		super.advance(now);
		if (this.today.slice(0, 7) !== month) for (const programme of this.#programmes.values()) this.#sum(programme);
	}

	protected count(collection: string, record: WireRecord, sign: 1 | -1): void {
		if (collection === 'milestones') {
			const milestone = record as unknown as Milestone;
			if (milestone.doneOn === null) this.#openByDue.move(milestone.dueOn, sign);
			return;
		}
		const programme = record as unknown as Programme;
		if (sign > 0) {
			this.#programmes.set(programme.id, programme);
			this.#sum(programme);
		} else {
			this.#programmes.delete(programme.id);
			this.#production.delete(programme.id);
		}
	}

	#sum(programme: Programme): void {
		const month = this.today.slice(0, 7);
		if (hasProduction(programme)) this.#production.set(programme.id, { plannedToDate: toDate(programme.plan, month), actualToDate: toDate(programme.output, month) });
	}

	figures(): CooperationKpis {
		let overdueMilestones = 0;
		for (const [dueOn, count] of this.#openByDue.entries()) if (dueOn < this.today) overdueMilestones += count;
		return {
			programmes: this.#programmes.size,
			overdueMilestones,
			production: Object.fromEntries([...this.#production].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, sums]) => [id, { ...sums }]))
		};
	}
}
