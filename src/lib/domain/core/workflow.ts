import { AppError } from './errors';

/**
 * A workflow, described in one table: for each step, the statuses it may start from, the status it
 * leads to, the permission it needs, its event's past-tense name and the words people see. The
 * command, the desk's buttons, the history and the tests all read the same table.
 */
export interface StepSpec<Status extends string, Permission extends string> {
	from: readonly Status[];
	to: Status;
	permission: Permission;
	/** The logged event's verb: `verified` in `violation.verified`. */
	past: string;
	/** The button: "Refer to commission". */
	label: string;
	/** What the reason field asks: an officer writes better when asked the right question. */
	prompt: string;
}

export interface Workflow<Step extends string, Status extends string, Permission extends string> {
	steps: Readonly<Record<Step, StepSpec<Status, Permission>>>;
	/** The steps in workflow order. */
	actions: readonly Step[];
	/** The steps open from a status, in workflow order. */
	available(status: Status): Step[];
}

export function defineWorkflow<Step extends string, Status extends string, Permission extends string>(
	steps: Record<Step, StepSpec<Status, Permission>>
): Workflow<Step, Status, Permission> {
	const actions = Object.keys(steps) as Step[];
	return { steps, actions, available: (status) => actions.filter((action) => steps[action].from.includes(status)) };
}

/**
 * The status a step leads to from `current`, or a conflict naming the current status (the caller's
 * view was stale, or the step is not open from there): "Cannot grant a request that is refused".
 */
export function advance<Step extends string, Status extends string>(
	workflow: { steps: Readonly<Record<Step, { from: readonly Status[]; to: Status }>> },
	step: Step,
	current: Status,
	what: { noun: string; statusLabel: (status: Status) => string }
): Status {
	const { from, to } = workflow.steps[step];
	if (!from.includes(current)) throw new AppError('conflict', `Cannot ${step.replace('-', ' ')} a ${what.noun} that is ${what.statusLabel(current).toLowerCase()}`, { status: [current] });
	return to;
}

/** One property of every step, by step: a view of the table for code that needs only that. */
export function stepTable<Step extends string, Value>(workflow: { steps: Readonly<Record<Step, unknown>> }, pick: (spec: never) => Value): Record<Step, Value> {
	return Object.fromEntries(Object.entries(workflow.steps).map(([step, spec]) => [step, pick(spec as never)])) as Record<Step, Value>;
}
