import { violationsLayout } from '$lib/domain/ceasefire/import';
import { ImportQuery } from '$lib/domain/core/csv-import';
import { csvImportEndpoint } from '$lib/server/http/csv-import';

/** CSV with ACLED-like columns, one report per row; `?exercise=true` marks every row as exercise data. */
export const POST = csvImportEndpoint({
	action: 'violations.import',
	query: ImportQuery,
	importOf: (query) => ({ layout: violationsLayout({ exercise: query.exercise === 'true' }), command: 'violations.import', payload: (rows) => ({ rows }) })
});
