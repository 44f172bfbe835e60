import { isOverdueMilestone, type Milestone } from './milestones';
import { toDate, type Programme } from './programmes';

/** `kpis.cooperation` (DESIGN.md → Cooperation), over what the viewer may see. */
export interface CooperationKpis {
	programmes: number;
	/** Not done, due before today (UTC). */
	overdueMilestones: number;
	/** Programmes with a plan or an output: summed over the months up to this one. */
	production: Record<string, { plannedToDate: number; actualToDate: number }>;
}

export const hasProduction = (programme: Pick<Programme, 'plan' | 'output'>) => programme.plan.length > 0 || programme.output.length > 0;

/** The figures counted afresh: what the live board's tally must always equal. */
export function cooperationKpis(programmes: readonly Programme[], milestones: readonly Milestone[], today: string): CooperationKpis {
	const month = today.slice(0, 7);
	return {
		programmes: programmes.length,
		overdueMilestones: milestones.filter((m) => isOverdueMilestone(m, today)).length,
		production: Object.fromEntries(
			programmes
				.filter(hasProduction)
				.sort((a, b) => (a.id < b.id ? -1 : 1))
				.map((p) => [p.id, { plannedToDate: toDate(p.plan, month), actualToDate: toDate(p.output, month) }])
		)
	};
}
