import { z } from 'zod';
import type { Severity } from '../ceasefire/violations';
import type { Releasability } from '../core/releasability';

/** An alert on every screen, until one officer acknowledges it for everyone. */
export interface Alert {
	id: string;
	violationId: string;
	title: string;
	severity: Severity;
	raisedAt: string;
	acknowledgedBy: string | null;
	acknowledgedAt: string | null;
	exercise: boolean;
	releasableTo: Releasability;
}

export const AcknowledgeAlert = z.strictObject({ id: z.uuid() });
