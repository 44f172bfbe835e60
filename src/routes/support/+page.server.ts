import { redirect } from '@sveltejs/kit';
import { readContext } from '$lib/server/http/collection-routes';
import { supportActions } from '$lib/server/http/support-actions';
import { supportPicture, supportWorks } from '$lib/server/reads/support-picture';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const ctx = await readContext(locals.actor);
	const [picture, works] = await Promise.all([supportPicture(ctx), supportWorks(ctx)]);
	return { records: { ...picture.records, ...works.records }, kpis: picture.kpis, sectorNames: works.sectorNames };
};

export const actions: Actions = supportActions;
