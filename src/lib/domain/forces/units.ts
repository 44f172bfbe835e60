import { z } from 'zod';
import { NationCode } from '../core/nations';
import { Releasability } from '../core/releasability';
import { plainText } from '../core/text';
import { DOMAIN_SYMBOL_SETS, sidcProblem } from './sidc';

/** Guarantee 3: the units nations contribute to the Multinational Force Ukraine, and how ready they are. */

export const DOMAINS = ['air', 'sea', 'land'] as const;
export type Domain = (typeof DOMAINS)[number];
export const DOMAIN_LABELS: Record<Domain, string> = { air: 'Air', sea: 'Sea', land: 'Land' };

export const MISSIONS = ['reassurance', 'training', 'regeneration-support', 'air-policing', 'maritime-security', 'logistics'] as const;
export type Mission = (typeof MISSIONS)[number];
export const MISSION_LABELS: Record<Mission, string> = {
	reassurance: 'Reassurance',
	training: 'Training',
	'regeneration-support': 'Regeneration support',
	'air-policing': 'Air policing',
	'maritime-security': 'Maritime security',
	logistics: 'Logistics'
};

export const READINESS_LEVELS = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export type Readiness = (typeof READINESS_LEVELS)[number];
export const READINESS_LABELS: Record<Readiness, string> = {
	C1: 'C1 fully ready',
	C2: 'C2 substantially ready',
	C3: 'C3 marginally ready',
	C4: 'C4 not ready',
	C5: 'C5 reconstituting'
};
/** C1 and C2 count as ready (`readyShare`). */
export const isReady = (readiness: Readiness) => readiness === 'C1' || readiness === 'C2';

export interface Unit {
	id: string;
	name: string;
	nation: string;
	domain: Domain;
	sidc: string;
	location: { lat: number; lon: number } | null;
	mission: Mission;
	readiness: Readiness;
	noticeToMoveHours: number | null;
	readinessChangedAt: string;
	/** Who reported the current readiness, and why (the history holds every report). */
	lastReport: { reason: string; by: string; at: string } | null;
	exercise: boolean;
	releasableTo: Releasability;
}

const Location = z.strictObject({
	lat: z.number().min(-90, 'Latitude −90 to 90').max(90, 'Latitude −90 to 90'),
	lon: z.number().min(-180, 'Longitude −180 to 180').max(180, 'Longitude −180 to 180')
});
const NoticeToMove = z.number().int('Whole hours').min(0, 'Cannot be negative').max(8760, 'At most a year');

export const Sidc = z.string().superRefine((sidc, ctx) => {
	const problem = sidcProblem(sidc);
	if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const unitFields = {
	name: plainText(200),
	sidc: Sidc,
	location: Location.nullable().optional(),
	mission: z.enum(MISSIONS),
	releasableTo: Releasability.optional()
};

/** Its symbol must be drawn from its domain's symbol sets: an air squadron is not a land unit. */
const symbolFitsDomain = (unit: { domain?: Domain; sidc?: string }) =>
	!unit.domain || !unit.sidc || sidcProblem(unit.sidc) !== null || (DOMAIN_SYMBOL_SETS[unit.domain] as readonly string[]).includes(unit.sidc.slice(4, 6));
const SYMBOL_DOMAIN_MESSAGE = { message: "The symbol set (digits 5–6) does not match the unit's domain", path: ['sidc'] };

export const CreateUnit = z
	.strictObject({
		...unitFields,
		nation: NationCode,
		domain: z.enum(DOMAINS),
		readiness: z.enum(READINESS_LEVELS),
		noticeToMoveHours: NoticeToMove.nullable().optional(),
		exercise: z.boolean().optional()
	})
	.refine(symbolFitsDomain, SYMBOL_DOMAIN_MESSAGE);
export type CreateUnit = z.infer<typeof CreateUnit>;

/** Name, symbol, place, mission or releasability; readiness has its own report, with a reason. */
export const UpdateUnit = z
	.strictObject({ id: z.uuid(), ...Object.fromEntries(Object.entries(unitFields).map(([k, v]) => [k, v.optional()])) } as { id: z.ZodUUID } & {
		[K in keyof typeof unitFields]: z.ZodOptional<(typeof unitFields)[K]>;
	})
	.refine((u) => Object.keys(u).length > 1, { message: 'Nothing to change', path: ['id'] });
export type UpdateUnit = z.infer<typeof UpdateUnit>;

/** `POST /api/v1/units/<id>/readiness {readiness, noticeToMoveHours?, reason}` */
export const ReportReadiness = z.strictObject({
	id: z.uuid(),
	readiness: z.enum(READINESS_LEVELS),
	noticeToMoveHours: NoticeToMove.nullable().optional(),
	reason: plainText(2000)
});
export type ReportReadiness = z.infer<typeof ReportReadiness>;
