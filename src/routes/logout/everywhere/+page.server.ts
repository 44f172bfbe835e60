import { redirect } from '@sveltejs/kit';
import { clearSessionCookie, logoutEverywhere } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/login');

/**
 * "Sign out everywhere" for a browser without scripts; with them, the user menu posts to
 * /api/v1/auth/logout-everywhere, which does the same.
 */
export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.actor?.kind === 'user') {
			const runtime = await getRuntime();
			runtime.disconnect([await logoutEverywhere(runtime.database.db, locals.actor.id)]);
		}
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
