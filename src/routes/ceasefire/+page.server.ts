import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { allows } from '$lib/domain/roles';
import type { PageServerLoad } from './$types';

/** A raster tile template (an internal tile server); anything else is ignored and the offline map is used. */
function tileUrlOf(value: string | undefined): string | null {
	if (!value) return null;
	return /^(https?:\/\/|\/)[^\s"'<>]*\{z\}[^\s"'<>]*$/.test(value) ? value : null;
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const role = locals.actor.role;
	return {
		tileUrl: tileUrlOf(env.TILE_URL),
		role,
		can: {
			report: allows(role, 'violation.report'),
			import: allows(role, 'violation.import'),
			acknowledge: allows(role, 'alert.acknowledge'),
			history: allows(role, 'history.read')
		}
	};
};
