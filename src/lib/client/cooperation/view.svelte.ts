import type { CooperationKpis } from '$lib/domain/cooperation/kpis';
import { isOverdueMilestone, type Milestone } from '$lib/domain/cooperation/milestones';
import { PROGRAMME_KINDS, toDate, type Programme } from '$lib/domain/cooperation/programmes';
import { groupBy } from '../group-by';
import type { LiveSource } from '../live-source';

/**
 * `kpis.cooperation` typed, or null before the first snapshot. The one cast: the server's
 * cooperation board (realtime/boards/cooperation.ts) is the only writer of that record.
 */
export function cooperationKpisOf(kpis: Readonly<Record<string, unknown>>): CooperationKpis | null {
	return (kpis.cooperation as CooperationKpis | undefined) ?? null;
}

const QUANTITY = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A quantity as the cell reads it: `20,000`. */
export const formatQuantity = (n: number) => QUANTITY.format(n);

/** The month after a `YYYY-MM` month. */
export function nextMonth(month: string): string {
	const [year, m] = month.split('-').map(Number) as [number, number];
	return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** One month of a production programme: the chart's point and the table's row. */
export interface ProductionMonth {
	month: string;
	/** Null: nothing planned for that month. */
	planned: number | null;
	/** Null: nothing recorded (yet) for that month. */
	output: number | null;
	plannedToDate: number;
	/** Null for months still to come: output cannot be counted before it exists. */
	outputToDate: number | null;
}

/**
 * Every month from the first planned or recorded one to the last, gaps included, with running
 * totals: planned against produced, month by month and cumulatively up to `thisMonth`.
 */
export function productionMonths(programme: Pick<Programme, 'plan' | 'output'>, thisMonth: string): ProductionMonth[] {
	const planned = new Map(programme.plan.map((e) => [e.month, e.quantity]));
	const produced = new Map(programme.output.map((e) => [e.month, e.quantity]));
	const months = [...planned.keys(), ...produced.keys()].sort();
	if (months.length === 0) return [];
	const rows: ProductionMonth[] = [];
	let plannedToDate = 0;
	let outputToDate = 0;
	for (let month = months[0]!; month <= months.at(-1)!; month = nextMonth(month)) {
		plannedToDate += planned.get(month) ?? 0;
		outputToDate += produced.get(month) ?? 0;
		rows.push({ month, planned: planned.get(month) ?? null, output: produced.get(month) ?? null, plannedToDate, outputToDate: month <= thisMonth ? outputToDate : null });
	}
	return rows;
}

/** Where a production programme stands this month: planned and produced so far, and the share of the plan met (null with nothing planned yet). */
export interface ProductionStanding {
	plannedToDate: number;
	actualToDate: number;
	share: number | null;
	behind: boolean;
}

export function standingOf(programme: Pick<Programme, 'plan' | 'output'>, thisMonth: string): ProductionStanding {
	const plannedToDate = toDate(programme.plan, thisMonth);
	const actualToDate = toDate(programme.output, thisMonth);
	return { plannedToDate, actualToDate, share: plannedToDate > 0 ? actualToDate / plannedToDate : null, behind: actualToDate < plannedToDate };
}

export type MilestoneState = 'done' | 'overdue' | 'due';

/** Done, overdue (not done, due before today: from the day after, with no write), or still due. */
export function milestoneState(milestone: Pick<Milestone, 'dueOn' | 'doneOn'>, today: string): MilestoneState {
	if (milestone.doneOn !== null) return 'done';
	return isOverdueMilestone(milestone, today) ? 'overdue' : 'due';
}

const byDue = (a: Milestone, b: Milestone) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.title.localeCompare(b.title, 'en'));

/** Programmes by kind (training, production, intelligence), then title. */
const byKindAndTitle = (a: Programme, b: Programme) => PROGRAMME_KINDS.indexOf(a.kind) - PROGRAMME_KINDS.indexOf(b.kind) || a.title.localeCompare(b.title, 'en');

/** What the cooperation pages read from the live store: programmes in order, their milestones by due date, typed KPIs. */
export class CooperationView {
	#programmes: Programme[];
	#milestones: Milestone[];
	#kpis: CooperationKpis | null;
	#byProgramme: ReadonlyMap<string, Milestone[]>;

	constructor(source: LiveSource) {
		this.#programmes = $derived([...source.records('programmes')].sort(byKindAndTitle));
		this.#milestones = $derived([...source.records('milestones')].sort(byDue));
		this.#kpis = $derived(cooperationKpisOf(source.kpis));
		this.#byProgramme = $derived(groupBy(this.#milestones, (m) => m.programmeId));
	}

	get programmes(): Programme[] {
		return this.#programmes;
	}
	/** Every milestone, soonest due first. */
	get milestones(): Milestone[] {
		return this.#milestones;
	}
	get kpis(): CooperationKpis | null {
		return this.#kpis;
	}

	programme(id: string): Programme | null {
		return this.#programmes.find((p) => p.id === id) ?? null;
	}

	/** A programme's milestones, soonest due first. */
	milestonesOf(programmeId: string): Milestone[] {
		return this.#byProgramme.get(programmeId) ?? [];
	}

	/** Milestones overdue by the screen's date (the day turns at UTC midnight with no write). */
	overdue(today: string): Milestone[] {
		return this.#milestones.filter((m) => isOverdueMilestone(m, today));
	}
}
