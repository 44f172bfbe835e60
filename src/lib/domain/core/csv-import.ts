import Papa from 'papaparse';
import { z } from 'zod';
import { AppError } from './errors';

/**
 * Bulk imports from CSV, whatever the layout: each import names its columns and maps one row to a
 * command payload, a skip (rows the import deliberately leaves out, counted by reason) or the
 * wrong cells. Everything else (parsing, row numbers, the preview) is shared, so every import
 * previews and refuses alike.
 */

/** `POST /api/v1/<collection>/import?dryRun=true&exercise=true`: preview only (nothing written); mark the import as exercise data. */
export const ImportQuery = z.object({
	dryRun: z.enum(['true', 'false']).optional(),
	exercise: z.enum(['true', 'false']).optional()
});

export interface RowIssue {
	/** 1-based, as a spreadsheet shows it, counting the header as row 1. */
	row: number;
	/** Messages by the CSV's own column names, so the officer can find the cell. */
	fields: Record<string, string[]>;
}

/** One row's fate: a payload to commit (with what was noticed but not refused), a deliberate skip, or its wrong cells. */
export type RowOutcome<T> = { payload: T; warnings?: Record<string, string[]> } | { skipped: string } | { fields: Record<string, string[]> };

export type CsvRow = Record<string, string | undefined>;

export interface CsvLayout<T> {
	/** Every column the import reads, lower case; any other column is reported as ignored. */
	columns: readonly string[];
	required: readonly string[];
	maxRows: number;
	/** At most this many rows to import, when fewer than the file may hold (the rest are skipped). */
	maxImported?: number;
	mapRow(row: CsvRow): RowOutcome<T>;
}

export interface ImportSummary {
	rows: number;
	/** Rows that would be imported. */
	valid: number;
	errors: RowIssue[];
	/** Imported, but with something the officer should know (a link that was dropped, a day that was assumed). */
	warnings: RowIssue[];
	/** Rows left out on purpose, counted by reason (e.g. the tracker's aid type). */
	skipped: Record<string, number>;
	columns: string[];
	unknownColumns: string[];
}

export interface ImportPreview<T> {
	summary: ImportSummary;
	payloads: T[];
}

/**
 * Parses and checks every row, writing nothing: the preview, and the payloads to commit. Column
 * names are matched without regard to case or surrounding spaces; a byte-order mark is dropped;
 * papaparse finds the delimiter (`,` or `;`, as spreadsheets in some locales write).
 */
export function previewCsv<T>(text: string, layout: CsvLayout<T>): ImportPreview<T> {
	const parsed = Papa.parse<CsvRow>(text.replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: 'greedy',
		transformHeader: (h) => h.trim().toLowerCase(),
		transform: (value) => value.trim()
	});
	const columns = parsed.meta.fields ?? [];
	const missing = layout.required.filter((c) => !columns.includes(c));
	if (missing.length) throw new AppError('validation', `Missing column(s): ${missing.join(', ')}`, { columns: missing.map((c) => `${c} is required`) });
	if (parsed.data.length === 0) throw new AppError('validation', 'The file has no rows');
	if (parsed.data.length > layout.maxRows) throw new AppError('validation', `At most ${layout.maxRows} rows per import`);
	const summary: ImportSummary = { rows: parsed.data.length, valid: 0, errors: [], warnings: [], skipped: {}, columns, unknownColumns: columns.filter((c) => !layout.columns.includes(c)) };
	const payloads: T[] = [];
	parsed.data.forEach((row, index) => {
		const outcome = layout.mapRow(row);
		const rowNumber = index + 2;
		if ('payload' in outcome) {
			payloads.push(outcome.payload);
			if (outcome.warnings && Object.keys(outcome.warnings).length) summary.warnings.push({ row: rowNumber, fields: outcome.warnings });
		} else if ('skipped' in outcome) summary.skipped[outcome.skipped] = (summary.skipped[outcome.skipped] ?? 0) + 1;
		else summary.errors.push({ row: rowNumber, fields: outcome.fields });
	});
	summary.valid = payloads.length;
	if (layout.maxImported !== undefined && payloads.length > layout.maxImported) {
		throw new AppError('validation', `At most ${layout.maxImported} rows to import at once (this file has ${payloads.length}): split the file`);
	}
	return { summary, payloads };
}

/** A payload schema's complaints under the CSV's column names (`columnOf` maps payload fields to columns). */
export function fieldsByColumn(error: z.ZodError, columnOf: Readonly<Record<string, string>>): Record<string, string[]> {
	const fields: Record<string, string[]> = {};
	for (const issue of error.issues) {
		const key = columnOf[String(issue.path[0])] ?? String(issue.path[0] ?? '_');
		(fields[key] ??= []).push(issue.message);
	}
	return fields;
}

/** "4 row(s) are wrong; nothing was imported", with a line per wrong row: the answer to a commit of a file with errors. */
export function rowsRefused(errors: readonly RowIssue[]): AppError {
	return new AppError('validation', `${errors.length} row(s) are wrong; nothing was imported`, {
		rows: errors.slice(0, 50).map((e) => `row ${e.row}: ${rowIssueText(e)}`)
	});
}

/** "latitude: Too small; notes: Required": one line for one row's problems. */
export function rowIssueText(issue: RowIssue): string {
	return Object.entries(issue.fields)
		.map(([field, messages]) => `${field}: ${messages.join(', ')}`)
		.join('; ');
}
