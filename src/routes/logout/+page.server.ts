import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/login-flow';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/login');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		await signOut(await getRuntime(), locals.sessionToken, cookies);
		redirect(303, '/login');
	}
};
