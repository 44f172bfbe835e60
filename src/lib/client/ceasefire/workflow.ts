import { availableActions, STATUS_LABELS, STEP_PERMISSION, type ViolationStatus, type WorkflowAction } from '$lib/domain/ceasefire/violations';
import type { ErrorBody } from '$lib/domain/core/errors';
import { allows, type Role } from '$lib/domain/identity/roles';

export const STEP_LABELS: Record<WorkflowAction, string> = {
	'begin-verification': 'Begin verification',
	verify: 'Verify',
	reject: 'Reject as unfounded',
	refer: 'Refer to commission',
	attribute: 'Attribute',
	remedy: 'Record remedy',
	close: 'Close'
};

/** What the reason field asks for, per step: an officer writes better when asked the right question. */
export const STEP_REASON_PROMPTS: Record<WorkflowAction, string> = {
	'begin-verification': 'Who verifies, and how (patrol, imagery, sensor)?',
	verify: 'What confirms the violation?',
	reject: 'Why is the report unfounded?',
	refer: 'Why does the special commission need to investigate?',
	attribute: 'How was responsibility established?',
	remedy: 'What remedy was agreed or carried out?',
	close: 'Why can the case be closed?'
};

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
