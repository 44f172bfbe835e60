import Papa from 'papaparse';
import { AppError } from './errors';
import type { CsvLayout, CsvRow, ImportPreview, ImportSummary } from './csv-import';

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
