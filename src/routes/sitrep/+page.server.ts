import { error, redirect } from '@sveltejs/kit';
import { allows } from '$lib/domain/identity/roles';
import { readContext } from '$lib/server/http/collection-routes';
import { drawSitrep } from '$lib/server/reads/sitrep';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!allows(locals.actor.role, 'records.read')) error(403, { code: 'forbidden', message: 'Your role may not read the SITREP' });
	const runtime = await getRuntime();
	const ctx = await readContext(locals.actor);
	// The log's seq as this process has applied it: the live boards' figures the SITREP reads are those at this seq.
	const sitrep = await drawSitrep(ctx, runtime.tailer.cursor);
	const { displayName, role, nation } = locals.actor;
	return { sitrep, reader: { displayName, role, nation } };
};
