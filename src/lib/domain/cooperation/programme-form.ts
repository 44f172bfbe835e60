import type { MonthlyQuantity } from './programmes';

/** The new-programme form's nations are posted under their own name: `nations` belongs to the releasability picker in the same form. */
export const PROGRAMME_NATIONS_FIELD = 'programmeNations';

/** How a plan is typed into a form: one month a line, e.g. `2026-03 20000` or `2026-03: 20,000`. */
export const PLAN_TEXT_HINT = 'One month a line: YYYY-MM and the quantity, e.g. 2026-03 20000';

const LINE = /^(\d{4}-\d{2})\s*[:=;,\t ]\s*([\d][\d\s_,']*(?:\.\d+)?)$/;

/**
 * A plan typed as text, month by month. Blank lines are skipped; a line that is not a month and a
 * quantity is named by its number. Months and quantities are then checked by the command's schema.
 */
export function parsePlanText(text: string): { plan: MonthlyQuantity[]; problems: string[] } {
	const plan: MonthlyQuantity[] = [];
	const problems: string[] = [];
	for (const [i, raw] of text.split(/\r?\n/).entries()) {
		const line = raw.trim();
		if (!line) continue;
		const match = LINE.exec(line);
		if (!match) {
			problems.push(`Line ${i + 1}: “${line.slice(0, 40)}” is not a month and a quantity (${PLAN_TEXT_HINT})`);
			continue;
		}
		// Thousands separators as people type them: spaces, underscores, commas, apostrophes.
		plan.push({ month: match[1]!, quantity: Number(match[2]!.replace(/[\s_,']/g, '')) });
	}
	return { plan, problems };
}
