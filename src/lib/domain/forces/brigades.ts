import { z } from 'zod';
import { CalendarDate } from '../core/dates';
import { Releasability } from '../core/releasability';
import { plainText } from '../core/text';

/** Guarantee 3: the regeneration of Ukraine's brigades, from forming to deployed. */

export const BRIGADE_STAGES = ['forming', 'individual-training', 'collective-training', 'certified', 'deployed'] as const;
export type BrigadeStage = (typeof BRIGADE_STAGES)[number];
export const BRIGADE_STAGE_LABELS: Record<BrigadeStage, string> = {
	forming: 'Forming',
	'individual-training': 'Individual training',
	'collective-training': 'Collective training',
	certified: 'Certified',
	deployed: 'Deployed'
};

export interface Brigade {
	id: string;
	name: string;
	stage: BrigadeStage;
	/** Through the current stage, 0–100. */
	progress: number;
	plannedCertifiedOn: string;
	/** Not certified by the planned day: true from the day after, with no write (the KPIs tick at midnight UTC). */
	behindSchedule: boolean;
	exercise: boolean;
	releasableTo: Releasability;
}

/** Not yet certified, and the planned certification day has passed (UTC). */
export function isBehindSchedule(brigade: Pick<Brigade, 'stage' | 'plannedCertifiedOn'>, today: string): boolean {
	return BRIGADE_STAGES.indexOf(brigade.stage) < BRIGADE_STAGES.indexOf('certified') && brigade.plannedCertifiedOn < today;
}

const Progress = z.number().int('A whole percentage').min(0, '0 to 100').max(100, '0 to 100');

export const CreateBrigade = z.strictObject({
	name: plainText(200),
	stage: z.enum(BRIGADE_STAGES).optional(),
	progress: Progress.optional(),
	plannedCertifiedOn: CalendarDate,
	releasableTo: Releasability.optional(),
	exercise: z.boolean().optional()
});
export type CreateBrigade = z.infer<typeof CreateBrigade>;

/** A stage (forward or, on a setback, back), progress through it, or a new plan. */
export const UpdateBrigade = z
	.strictObject({
		id: z.uuid(),
		stage: z.enum(BRIGADE_STAGES).optional(),
		progress: Progress.optional(),
		plannedCertifiedOn: CalendarDate.optional(),
		releasableTo: Releasability.optional()
	})
	.refine((b) => Object.keys(b).length > 1, { message: 'Nothing to change', path: ['id'] });
export type UpdateBrigade = z.infer<typeof UpdateBrigade>;
