import { PledgeImportQuery, pledgeImport, releasabilityOfQuery } from '$lib/domain/support/kiel-import';
import { csvImportEndpoint } from '$lib/server/http/csv-import';

/**
 * CSV in the Kiel Institute's Ukraine Support Tracker layout: one pledge per military row, the
 * others skipped and counted; `?releasableTo=` marks every pledge, `?exercise=true` as exercise data.
 */
export const POST = csvImportEndpoint({
	action: 'pledges.import',
	query: PledgeImportQuery,
	importOf: (query) => pledgeImport({ releasableTo: releasabilityOfQuery(query.releasableTo), exercise: query.exercise === 'true' })
});
