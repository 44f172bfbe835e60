import type { Programme } from '$lib/domain/cooperation/programmes';

/** Guarantee 5's output against plan, by month, from the programmes' own monthly plan and output. */

export interface MonthFigures {
	month: string;
	planned: number | null;
	actual: number | null;
	/** actual / planned; null without a plan for the month (or a plan of nothing), or with no output recorded for it yet. */
	share: number | null;
}

export interface ProgrammeSeries {
	id: string;
	title: string;
	unit: string | null;
	months: MonthFigures[];
}

/** Shown at least: a week's range would otherwise be one point a programme. */
export const MIN_MONTHS = 6;

/** The months (`YYYY-MM`) the range touches, going back further when it touches fewer than MIN_MONTHS. */
export function monthsOf(range: { from: string; to: string }, atLeast = MIN_MONTHS): string[] {
	const [toYear, toMonth] = range.to.split('-').map(Number) as [number, number];
	const [fromYear, fromMonth] = range.from.split('-').map(Number) as [number, number];
	const count = Math.max(atLeast, (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1);
	return Array.from({ length: count }, (_, i) => {
		const back = new Date(Date.UTC(toYear, toMonth - 1 - (count - 1 - i), 1));
		return back.toISOString().slice(0, 7);
	});
}

export function productionSeries(programmes: readonly Pick<Programme, 'id' | 'title' | 'unit' | 'plan' | 'output'>[], months: readonly string[]): ProgrammeSeries[] {
	return programmes
		.filter((p) => [...p.plan, ...p.output].some((e) => months.includes(e.month)))
		.map((p) => ({
			id: p.id,
			title: p.title,
			unit: p.unit,
			months: months.map((month) => {
				const planned = p.plan.find((e) => e.month === month)?.quantity ?? null;
				const actual = p.output.find((e) => e.month === month)?.quantity ?? null;
				return { month, planned, actual, share: planned && actual !== null ? actual / planned : null };
			})
		}));
}
