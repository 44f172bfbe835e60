import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const tile = env.TILE_URL;
	return { tileUrl: tile && /^(https?:\/\/|\/)[^\s"'<>]*\{z\}[^\s"'<>]*$/.test(tile) ? tile : null };
};
