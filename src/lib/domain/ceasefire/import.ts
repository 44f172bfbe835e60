import { z } from 'zod';
import { fieldsByColumn, type CsvLayout, type CsvRow, type RowOutcome } from '../core/csv-import';
import { CreateViolation, SOURCES, SEVERITIES, type Category, type Severity, type Source } from './violations';

/** Reports arrive in bulk as CSV with ACLED-like columns; each row maps to one violation report. */

export const IMPORT_COLUMNS = ['event_date', 'event_type', 'sub_event_type', 'actor1', 'admin1', 'location', 'latitude', 'longitude', 'fatalities', 'notes', 'source'] as const;
export const REQUIRED_COLUMNS = ['event_date', 'latitude', 'longitude'] as const;
export const IMPORT_MAX_ROWS = 10_000;

/** A CSV import as one command: every row or none. */
export const ImportViolations = z.strictObject({ rows: z.array(CreateViolation).min(1).max(IMPORT_MAX_ROWS) });

// Checked in order: the first pattern found in "event_type sub_event_type" decides.
const CATEGORY_PATTERNS: [RegExp, Category][] = [
	[/mortar/i, 'mortar'],
	// ACLED's "Shelling/artillery/missile attack" is artillery; a missile alone is a missile.
	[/artillery|shelling/i, 'artillery'],
	[/missile/i, 'missile'],
	[/drone|uav/i, 'drone'],
	[/armou?r|tank/i, 'armour-movement'],
	[/naval|sea/i, 'sea-incident'],
	[/air/i, 'air-incident'],
	[/armed clash|small arms|battle/i, 'small-arms']
];

export function categoryOf(eventType: string, subEventType: string): Category {
	const text = `${eventType} ${subEventType}`;
	return CATEGORY_PATTERNS.find(([pattern]) => pattern.test(text))?.[1] ?? 'other';
}

function sourceOf(value: string): Source {
	const slug = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
	return (SOURCES as readonly string[]).includes(slug) ? (slug as Source) : 'partner-report';
}

/** ACLED has no severity: deaths make a report critical or high; heavy weapons medium. */
export function severityOf(category: Category, fatalities: number, given?: string): Severity {
	const stated = given?.trim().toLowerCase();
	if (stated && (SEVERITIES as readonly string[]).includes(stated)) return stated as Severity;
	if (fatalities >= 5) return 'critical';
	if (fatalities >= 1) return 'high';
	return category === 'artillery' || category === 'missile' || category === 'drone' ? 'medium' : 'low';
}

/** A bare date is a day report: noon UTC, so it stays on that date in every time zone's view of Zulu. Anything else is read as a date and time by CreateViolation. */
function observedAtOf(value: string): string {
	const trimmed = value.trim();
	return /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T12:00:00Z` : trimmed;
}

const numberOf = (value: string | undefined) => (value === undefined || value.trim() === '' ? NaN : Number(value.trim()));

// Problems are reported under the CSV's own column names, so the officer can find the cell.
const COLUMN_OF = { observedAt: 'event_date', lat: 'latitude', lon: 'longitude', killed: 'fatalities', description: 'notes' } as const;

/** One CSV row → a report to create, or what is wrong with it (field names are the CSV's). */
export function mapImportRow(row: CsvRow, options: { exercise?: boolean } = {}): RowOutcome<CreateViolation> {
	const category = categoryOf(row.event_type ?? '', row.sub_event_type ?? '');
	const killed = row.fatalities?.trim() ? Number(row.fatalities) : 0;
	const description = [
		row.notes?.trim(),
		row.actor1?.trim() && `Actor: ${row.actor1.trim()}`,
		[row.location?.trim(), row.admin1?.trim()].filter(Boolean).join(', ')
	]
		.filter(Boolean)
		.join(' — ');
	const candidate = {
		observedAt: observedAtOf(row.event_date ?? ''),
		lat: numberOf(row.latitude),
		lon: numberOf(row.longitude),
		category,
		source: sourceOf(row.source ?? ''),
		severity: severityOf(category, Number.isFinite(killed) ? killed : 0, row.severity),
		killed,
		description: description || `${row.event_type ?? 'Event'} (imported)`,
		...(options.exercise && { exercise: true })
	};
	const parsed = CreateViolation.safeParse(candidate);
	return parsed.success ? { payload: parsed.data } : { fields: fieldsByColumn(parsed.error, COLUMN_OF) };
}

/** The ACLED-like layout: every row a report, exercise data when the import says so. */
export function violationsLayout(options: { exercise?: boolean }): CsvLayout<CreateViolation> {
	return { columns: [...IMPORT_COLUMNS, 'severity'], required: REQUIRED_COLUMNS, maxRows: IMPORT_MAX_ROWS, mapRow: (row) => mapImportRow(row, options) };
}
