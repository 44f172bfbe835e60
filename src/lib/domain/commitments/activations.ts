import { z } from 'zod';
import { plainText } from '../core/text';
import type { Releasability } from '../core/releasability';

/**
 * Guarantee 4's drill: an armed attack declared. An exercise is active at once; a real declaration
 * waits for a different admin or officer to confirm it, seen by the cell alone until then.
 */

export const ACTIVATION_STATES = ['pending-confirmation', 'active', 'stood-down'] as const;
export type ActivationState = (typeof ACTIVATION_STATES)[number];
export const ACTIVATION_STATE_LABELS: Record<ActivationState, string> = {
	'pending-confirmation': 'Awaiting confirmation',
	active: 'Active',
	'stood-down': 'Stood down'
};

export interface Activation {
	id: string;
	scenario: string;
	exercise: boolean;
	state: ActivationState;
	declaredBy: string;
	declaredAt: string;
	confirmedBy: string | null;
	/** When it became active (at once for an exercise, on confirmation for a real one). */
	activatedAt: string | null;
	stoodDownBy: string | null;
	stoodDownAt: string | null;
	releasableTo: Releasability;
}

export const DeclareActivation = z.strictObject({ scenario: plainText(2000), exercise: z.boolean() });
export type DeclareActivation = z.infer<typeof DeclareActivation>;

export const ActivationStep = z.strictObject({ id: z.uuid() });

/** Pending: the cell's alone (a real declaration unconfirmed must not alarm the coalition); from activation on, the coalition's. */
export function activationAudience(state: ActivationState, wasActivated: boolean): Releasability {
	return state === 'active' || wasActivated ? 'coalition' : 'cell';
}
