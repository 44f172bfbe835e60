import { FORMULA_START } from '$lib/domain/core/text';

/** A chart's table as CSV, made in the browser: the columns, then one row of cells per line. */
export interface CsvTable {
	fields: string[];
	rows: (string | number | null)[][];
}

/**
 * The table as a `data:` URL for a download link. papaparse is loaded only when a chart asks for it
 * (the pages that never do stay without it); cells a spreadsheet would run as formulas (a programme's
 * title is typed by people) are escaped.
 */
export async function csvDataUrl(table: CsvTable): Promise<string> {
	const Papa = (await import('papaparse')).default;
	const text = Papa.unparse({ fields: table.fields, data: table.rows }, { escapeFormulae: FORMULA_START });
	return `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;
}
