import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/api';
import { trendsOf } from '$lib/server/http/trends';

/** Leadership's daily trends (DESIGN.md → Trends), one entry a day; breakdowns only on request. */
export const GET = api(async (event) => json({ days: (await trendsOf(event)).days }));
