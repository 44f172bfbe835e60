import { error, redirect } from '@sveltejs/kit';
import { readContext } from '$lib/server/http/collection-routes';
import { supportActions } from '$lib/server/http/support-actions';
import { supportPicture } from '$lib/server/reads/support-picture';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!/^[A-Z]{3}$/.test(params.nation)) error(404, { code: 'not_found', message: 'No such nation: use its ISO alpha-3 code, e.g. /support/donors/DEU' });
	// A donor with nothing this viewer may see is an empty page, as one that pledged nothing: no existence is revealed.
	return { nation: params.nation, ...(await supportPicture(await readContext(locals.actor), params.nation)) };
};

export const actions: Actions = supportActions;
