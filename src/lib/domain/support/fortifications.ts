import { z } from 'zod';
import { Releasability } from '../core/releasability';
import { plainText } from '../core/text';

/**
 * Guarantee 2: the defensive works built along the line, per sector, planned against built. A
 * fortification is never released wider than its sector: it means nothing to a viewer without it.
 */

export const FORTIFICATION_KINDS = ['trench-line', 'anti-tank-ditch', 'dragons-teeth', 'minefield', 'shelter', 'command-post'] as const;
export type FortificationKind = (typeof FORTIFICATION_KINDS)[number];

export const FORTIFICATION_KIND_LABELS: Record<FortificationKind, string> = {
	'trench-line': 'Trench line',
	'anti-tank-ditch': 'Anti-tank ditch',
	'dragons-teeth': "Dragon's teeth",
	minefield: 'Minefield',
	shelter: 'Shelters',
	'command-post': 'Command posts'
};

/** Lines are measured in km, points in sites. */
export const FORTIFICATION_UNITS = ['km', 'sites'] as const;
export type FortificationUnit = (typeof FORTIFICATION_UNITS)[number];

export interface Fortification {
	id: string;
	sectorId: string;
	kind: FortificationKind;
	unit: FortificationUnit;
	planned: number;
	built: number;
	notes: string | null;
	updatedAt: string;
	exercise: boolean;
	releasableTo: Releasability;
}

const Amount = z.number().min(0, 'Cannot be negative').max(100_000, 'Too large');

export const CreateFortification = z
	.strictObject({
		sectorId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'A sector id'),
		kind: z.enum(FORTIFICATION_KINDS),
		unit: z.enum(FORTIFICATION_UNITS),
		planned: Amount,
		built: Amount.optional(),
		notes: plainText(2000).optional(),
		releasableTo: Releasability.optional(),
		exercise: z.boolean().optional()
	})
	.refine((f) => (f.built ?? 0) <= f.planned, { message: 'Cannot be more than planned', path: ['built'] });
export type CreateFortification = z.infer<typeof CreateFortification>;

/** Progress on the ground (built), a new plan, or who may see it. */
export const UpdateFortification = z
	.strictObject({ id: z.uuid(), planned: Amount.optional(), built: Amount.optional(), notes: plainText(2000).nullable().optional(), releasableTo: Releasability.optional() })
	.refine((f) => Object.keys(f).length > 1, { message: 'Nothing to change', path: ['id'] });
export type UpdateFortification = z.infer<typeof UpdateFortification>;
