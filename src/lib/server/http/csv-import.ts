import Papa from 'papaparse';
import { IMPORT_COLUMNS, IMPORT_MAX_ROWS, REQUIRED_COLUMNS, mapImportRow, type RowError } from '$lib/domain/ceasefire/import';
import type { CreateViolation } from '$lib/domain/ceasefire/violations';
import { AppError } from '$lib/domain/core/errors';

const MAX_CSV_BYTES = 16 * 1024 * 1024;

export interface ImportPreview {
	summary: { rows: number; valid: number; errors: RowError[]; columns: string[]; unknownColumns: string[] };
	reports: CreateViolation[];
}

/** Parses and checks every row, writing nothing: the preview, and the reports to commit. */
export async function previewImport(request: Request, options: { exercise: boolean }): Promise<ImportPreview> {
	if (Number(request.headers.get('content-length') ?? 0) > MAX_CSV_BYTES) throw new AppError('payload_too_large', 'CSV files are limited to 16 MiB');
	let text: string;
	try {
		text = await request.text();
	} catch (error) {
		// adapter-node's BODY_SIZE_LIMIT refuses a larger body: that is a 413, not an internal error.
		if ((error as { status?: number }).status === 413) throw new AppError('payload_too_large', 'The file is larger than this server accepts');
		throw error;
	}
	if (Buffer.byteLength(text) > MAX_CSV_BYTES) throw new AppError('payload_too_large', 'CSV files are limited to 16 MiB');
	const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
	const columns = parsed.meta.fields ?? [];
	const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
	if (missing.length) throw new AppError('validation', `Missing column(s): ${missing.join(', ')}`, { columns: missing.map((c) => `${c} is required`) });
	if (parsed.data.length === 0) throw new AppError('validation', 'The file has no rows');
	if (parsed.data.length > IMPORT_MAX_ROWS) throw new AppError('validation', `At most ${IMPORT_MAX_ROWS} rows per import`);
	const errors: RowError[] = [];
	const reports: CreateViolation[] = [];
	parsed.data.forEach((row, index) => {
		const mapped = mapImportRow(row, options);
		if ('report' in mapped) reports.push(mapped.report);
		else errors.push({ row: index + 2, fields: mapped.fields });
	});
	const known = new Set<string>([...IMPORT_COLUMNS, 'severity']);
	return {
		summary: { rows: parsed.data.length, valid: reports.length, errors, columns, unknownColumns: columns.filter((c) => !known.has(c)) },
		reports
	};
}
