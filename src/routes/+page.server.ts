import { redirect } from '@sveltejs/kit';
import { homePage } from '$lib/domain/identity/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.actor ? homePage(locals.actor.role) : '/log');
};
