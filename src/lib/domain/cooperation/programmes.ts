import { z } from 'zod';
import { NationCode } from '../core/nations';
import { Releasability } from '../core/releasability';
import { plainText } from '../core/text';

/** Guarantee 5: long-term defence cooperation — training, joint industrial production, intelligence. */

export const PROGRAMME_KINDS = ['training', 'industrial-production', 'intelligence'] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];
export const PROGRAMME_KIND_LABELS: Record<ProgrammeKind, string> = {
	training: 'Training',
	'industrial-production': 'Industrial production',
	intelligence: 'Intelligence cooperation'
};

export interface MonthlyQuantity {
	/** `YYYY-MM` */
	month: string;
	quantity: number;
}

export interface Programme {
	id: string;
	kind: ProgrammeKind;
	title: string;
	nations: string[];
	/** e.g. ASAP, EDIP; null when none. */
	instrument: string | null;
	/** What is counted, e.g. "155 mm rounds". */
	unit: string | null;
	/** By month, in month order, one entry a month. */
	plan: MonthlyQuantity[];
	output: MonthlyQuantity[];
	exercise: boolean;
	releasableTo: Releasability;
}

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM, e.g. 2026-03');
const Quantity = z.number().min(0, 'Cannot be negative').max(1e12, 'Too large');
export const MonthlyQuantity = z.strictObject({ month: Month, quantity: Quantity });

/** One entry a month, in month order: a plan is read month by month. */
const monthly = z
	.array(MonthlyQuantity)
	.max(240, 'At most 20 years of months')
	.refine((entries) => new Set(entries.map((e) => e.month)).size === entries.length, 'Each month once')
	.transform((entries) => [...entries].sort((a, b) => (a.month < b.month ? -1 : 1)));

export const CreateProgramme = z.strictObject({
	kind: z.enum(PROGRAMME_KINDS),
	title: plainText(300),
	nations: z.array(NationCode).min(1, 'At least one nation').max(60),
	instrument: plainText(60).nullable().optional(),
	unit: plainText(60).nullable().optional(),
	plan: monthly.optional(),
	releasableTo: Releasability.optional(),
	exercise: z.boolean().optional()
});
export type CreateProgramme = z.infer<typeof CreateProgramme>;

export const UpdateProgramme = z
	.strictObject({
		id: z.uuid(),
		title: plainText(300).optional(),
		nations: z.array(NationCode).min(1, 'At least one nation').max(60).optional(),
		instrument: plainText(60).nullable().optional(),
		unit: plainText(60).nullable().optional(),
		plan: monthly.optional(),
		releasableTo: Releasability.optional()
	})
	.refine((p) => Object.keys(p).length > 1, { message: 'Nothing to change', path: ['id'] });
export type UpdateProgramme = z.infer<typeof UpdateProgramme>;

/** `POST /api/v1/programmes/<id>/output {month, quantity}`: the month's output, replacing what was recorded for it. */
export const RecordOutput = z.strictObject({ id: z.uuid(), month: Month, quantity: Quantity });
export type RecordOutput = z.infer<typeof RecordOutput>;

/** The series with the month's quantity set, in month order. */
export function withMonth(series: readonly MonthlyQuantity[], entry: MonthlyQuantity): MonthlyQuantity[] {
	return [...series.filter((e) => e.month !== entry.month), entry].sort((a, b) => (a.month < b.month ? -1 : 1));
}

/** Summed over the months up to and including `month`. */
export function toDate(series: readonly MonthlyQuantity[], month: string): number {
	return series.reduce((sum, e) => (e.month <= month ? sum + e.quantity : sum), 0);
}
