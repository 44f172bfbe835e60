import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { allows } from '$lib/domain/identity/roles';
import { tileUrlOf } from '$lib/server/http/tile-url';
import { changeReleasability } from '$lib/server/http/releasability-action';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const role = locals.actor.role;
	return {
		tileUrl: tileUrlOf(env.TILE_URL),
		role,
		can: {
			report: allows(role, 'violations.report'),
			import: allows(role, 'violations.import'),
			/** Who sees a report: the same permission as the verification steps (violations.update). */
			releasability: allows(role, 'violations.verify'),
			/** Check-ins and status overrides. */
			manageSectors: allows(role, 'sectors.manage'),
			history: allows(role, 'history.read')
		}
	};
};

export const actions: Actions = {
	/** A report's releasability from a plain form post (no scripts); with scripts the desk sends the same command over the socket. */
	releasability: (event) => changeReleasability(event, 'violations.update', event.url.searchParams.get('report') ?? '')
};
