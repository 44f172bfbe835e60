import { error, redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** The admin area is for the admin role only; each page's reads and commands check again on their own. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	if (locals.actor.role !== 'admin') error(403, { code: 'forbidden', message: 'The admin area is for administrators only' });
	return {};
};
