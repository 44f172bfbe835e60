import { redirect } from '@sveltejs/kit';
import { landingFor } from '$lib/domain/identity/landing';
import { readContext } from '$lib/server/http/collection-routes';
import { overviewPicture } from '$lib/server/reads/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	// The wall and leadership work elsewhere; `/` is where the desks start.
	const landing = landingFor(locals.actor.role);
	if (landing !== url.pathname) redirect(303, landing);
	return overviewPicture(await readContext(locals.actor));
};
