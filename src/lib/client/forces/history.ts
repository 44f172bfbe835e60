import type { AuditEntry } from '$lib/domain/cell/audit';
import { READINESS_LEVELS, type Readiness, type Unit } from '$lib/domain/forces/units';

/** One readiness report of a unit, as its page lists them: who, when, why, and the level before → after. */
export interface ReadinessLine {
	/** The logged event's seq, as a string: the line's key. */
	id: string;
	seq: number;
	/** When it was logged (ISO, UTC). */
	at: string;
	by: string;
	nation: string;
	/** Null for the level the unit was registered with. */
	before: Readiness | null;
	after: Readiness;
	noticeToMoveHours: number | null;
	reason: string | null;
}

const isLevel = (value: unknown): value is Readiness => typeof value === 'string' && (READINESS_LEVELS as readonly string[]).includes(value);
const isReport = (value: unknown): value is NonNullable<Unit['lastReport']> => typeof value === 'object' && value !== null && typeof (value as { reason?: unknown }).reason === 'string';

/**
 * A unit's history (newest first, as the server reads it) as its readiness over time, newest first:
 * its registration and every report. A report that keeps the level changes no `readiness` field, so
 * the level is carried forward from the oldest entry; its reason is `lastReport` right after it.
 */
export function readinessHistory(entries: readonly AuditEntry[]): ReadinessLine[] {
	const lines: ReadinessLine[] = [];
	let level: Readiness | null = null;
	let notice: number | null = null;
	for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
		const change = (field: string) => entry.changes.find((c) => c.field === field);
		const readiness = change('readiness');
		const before = level;
		if (readiness && isLevel(readiness.after)) level = readiness.after;
		const noticeChange = change('noticeToMoveHours');
		if (noticeChange) notice = typeof noticeChange.after === 'number' ? noticeChange.after : null;
		const created = entry.name.endsWith('.created');
		if (!level || !(created || readiness || entry.name.endsWith('.readiness-reported'))) continue;
		const report = change('lastReport')?.after;
		lines.push({
			id: String(entry.seq),
			seq: entry.seq,
			at: entry.at,
			by: entry.actorName,
			nation: entry.actorNation,
			before: created ? null : before,
			after: level,
			noticeToMoveHours: notice,
			reason: isReport(report) ? report.reason : null
		});
	}
	return lines.reverse();
}
