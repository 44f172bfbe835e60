import { error, redirect } from '@sveltejs/kit';
import { isCellStaff } from '$lib/domain/identity/roles';
import type { PageServerLoad } from './$types';

/** The roster comes over the live connection, to the cell's staff only; the page says so to anyone else. */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!isCellStaff(locals.actor.role)) error(403, { code: 'forbidden', message: "Who is connected is for the cell's staff only" });
	return {};
};
