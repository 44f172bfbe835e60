import { availableActions, STATUS_LABELS, STEP_PERMISSION, VIOLATION_WORKFLOW, type ViolationStatus, type WorkflowAction } from '$lib/domain/ceasefire/violations';
import { stepTable, type StepSpec } from '$lib/domain/core/workflow';
import type { ErrorBody } from '$lib/domain/core/errors';
import { allows, type Action, type Role } from '$lib/domain/identity/roles';

export const STEP_LABELS = stepTable(VIOLATION_WORKFLOW, (spec: StepSpec<ViolationStatus, Action>) => spec.label);

/** What the reason field asks for, per step. */
export const STEP_REASON_PROMPTS = stepTable(VIOLATION_WORKFLOW, (spec: StepSpec<ViolationStatus, Action>) => spec.prompt);

/** The steps this role may take on a report in this status, in workflow order. */
export function stepsFor(role: Role | string | null | undefined, status: ViolationStatus): WorkflowAction[] {
	if (!role) return [];
	return availableActions(status).filter((action) => allows(role as Role, STEP_PERMISSION[action]));
}

/**
 * The message to show when a step was refused. A conflict means someone acted first: say what the
 * report is now, in words, so the officer can look again before choosing.
 */
export function stepProblem(error: ErrorBody): { message: string; currentStatus: ViolationStatus | null } {
	if (error.code === 'conflict') {
		const current = error.fields?.status?.[0];
		const known = current && current in STATUS_LABELS ? (current as ViolationStatus) : null;
		return {
			message: known
				? `Someone acted first: this report is now “${STATUS_LABELS[known]}”. Nothing was changed; review it and choose again.`
				: `Someone acted first: ${error.message}. Nothing was changed.`,
			currentStatus: known
		};
	}
	return { message: error.message, currentStatus: null };
}
