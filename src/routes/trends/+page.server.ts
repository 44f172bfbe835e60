import { error, redirect } from '@sveltejs/kit';
import { rangeOf } from '$lib/domain/cell/trend-range';
import { markingFor, markingOf } from '$lib/domain/cell/sitrep';
import { utcDay } from '$lib/domain/core/dates';
import { hasProduction } from '$lib/domain/cooperation/kpis';
import { allows } from '$lib/domain/identity/roles';
import { programmesCollection } from '$lib/server/collections/cooperation';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { countedIn } from '$lib/server/reads/markings';
import { notableEvents } from '$lib/server/reads/notable-events';
import { trendsFor } from '$lib/server/reads/trends';
import type { PageServerLoad } from './$types';

/** Key events marked on the charts: a handful, or the axis is all markers. */
const KEY_EVENTS = 8;

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	if (!allows(locals.actor.role, 'records.read')) error(403, { code: 'forbidden', message: 'Your role may not read the trends' });
	const today = utcDay(new Date());
	const { range, problems, asked } = rangeOf(url.searchParams, today);
	const ctx = await readContext(locals.actor);
	const [trends, events, programmes, violations, support, units, sectors] = await Promise.all([
		// The page draws both breakdowns; the API adds them only when asked (partners' machines compare its shape).
		trendsFor(ctx.db, ctx.viewer, { ...range, include: ['sectors', 'domains'] }),
		notableEvents(ctx, { since: new Date(`${range.from}T00:00:00Z`), days: range }, KEY_EVENTS),
		listRecords(ctx, programmesCollection),
		countedIn(ctx, ['violations']),
		countedIn(ctx, ['pledges', 'deliveries']),
		countedIn(ctx, ['units']),
		countedIn(ctx, ['sectors'])
	]);
	const production = programmes.filter(hasProduction).map(({ id, title, unit, plan, output, releasableTo, exercise }) => ({ id, title, unit, plan, output, releasableTo, exercise }));
	// Each chart is marked by what its figures count and the key events drawn on it; the page by all of it.
	return {
		range,
		problems,
		asked,
		today,
		days: trends.days,
		events,
		production,
		markings: {
			page: markingFor(ctx.viewer, [...violations, ...support, ...units, ...sectors, ...events, ...production]),
			violations: markingOf([...violations, ...events]),
			// Every sector the reader may see is counted, with the reports observed in it.
			sectors: markingOf([...sectors, ...violations, ...events]),
			support: markingOf([...support, ...events]),
			readiness: markingOf([...units, ...events]),
			production: markingOf(production)
		}
	};
};
