import { redirect } from '@sveltejs/kit';
import { clearSessionCookie, logout } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/login');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.sessionId) await logout((await getRuntime()).database.db, locals.sessionId);
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
