import { z } from 'zod';

/**
 * Calendar dates without a time (`YYYY-MM-DD`, UTC): pledges are announced, deliveries expected and
 * milestones due on a day, not at an instant. As strings they compare and sort in date order.
 */

const DAY_MS = 86_400_000;

export const DATE_MESSAGE = 'Needs a date as YYYY-MM-DD, e.g. 2026-01-06';

export const CalendarDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE)
	.refine((s) => {
		const parsed = new Date(`${s}T00:00:00Z`);
		return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(s) && s >= '1990-01-01' && s <= '2100-12-31';
	}, DATE_MESSAGE);

/** The UTC day an instant falls on. */
export function utcDay(at: Date): string {
	return at.toISOString().slice(0, 10);
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The first instant of the UTC day after `at`: when date-based figures next change on their own. */
export function nextUtcMidnight(at: Date): Date {
	return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}
