import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { tileUrlOf } from '$lib/server/http/tile-url';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	return { tileUrl: tileUrlOf(env.TILE_URL) };
};
