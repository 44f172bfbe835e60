import { z } from 'zod';
import { AppError } from './errors';

/**
 * Bulk imports from CSV, whatever the layout: each import names its columns and maps one row to a
 * command payload, a skip (rows the import deliberately leaves out, counted by reason) or the
 * wrong cells. Everything else (parsing, row numbers, the preview) is shared, so every import
 * previews and refuses alike. The parsing itself is csv-preview.ts (papaparse stays out of the
 * browser, which needs only these types and the wording of row problems).
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
