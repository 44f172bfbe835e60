import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Each role's first page: leadership's is the trends, everyone else's the watch log. */
export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.actor?.role === 'leadership' ? '/trends' : '/log');
};
