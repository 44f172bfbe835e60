import { api } from '$lib/server/http/api';
import { CSV_CONTENT_TYPE, trendsCsv } from '$lib/server/http/exports';
import { trendsOf } from '$lib/server/http/trends';

/** The trends as CSV, one row a day. */
export const GET = api(async (event) => {
	const { days } = await trendsOf(event);
	return new Response(trendsCsv(days), { headers: { 'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': 'attachment; filename="trends.csv"' } });
});
