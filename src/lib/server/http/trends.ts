import type { RequestEvent } from '@sveltejs/kit';
import { TrendsQuery, type TrendDay } from '$lib/domain/cell/trends';
import { parseOrThrow } from '$lib/domain/core/validation';
import { viewerOf } from '$lib/domain/identity/actor';
import { trendsFor } from '../reads/trends';
import { getRuntime } from '../runtime';
import { permitted, queryOf } from './api';

/** `?from=&to=` (YYYY-MM-DD, the last 30 days by default) and `include=`: the trends over what the caller may see, and what was asked. */
export async function trendsOf({ locals, url }: RequestEvent): Promise<{ query: TrendsQuery; days: TrendDay[] }> {
	const actor = permitted(locals.actor, 'records.read');
	const query = parseOrThrow(TrendsQuery, queryOf(url));
	const { days } = await trendsFor((await getRuntime()).database.db, viewerOf(actor), query);
	return { query, days };
}
