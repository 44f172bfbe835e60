import { api } from '$lib/server/http/api';
import { CSV_CONTENT_TYPE, trendsCsv } from '$lib/server/http/exports';
import { trendsOf } from '$lib/server/http/trends';

/** The trends as CSV, one row a day; the breakdowns asked for (`include=`) as columns of their own. */
export const GET = api(async (event) => {
	const { query, days } = await trendsOf(event);
	return new Response(trendsCsv(days, query.include), { headers: { 'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': 'attachment; filename="trends.csv"' } });
});
