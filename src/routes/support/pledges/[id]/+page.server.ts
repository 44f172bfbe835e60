import { error, redirect } from '@sveltejs/kit';
import { isAppError } from '$lib/domain/core/errors';
import { allows } from '$lib/domain/identity/roles';
import { getRecord, listRecords } from '$lib/server/collections/registry';
import { deliveriesCollection, pledgesCollection } from '$lib/server/collections/support';
import { idParam } from '$lib/server/http/api';
import { readContext } from '$lib/server/http/collection-routes';
import { supportActions } from '$lib/server/http/support-actions';
import { recordHistory } from '$lib/server/reads/audit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const ctx = await readContext(locals.actor);
	const canReadHistory = allows(locals.actor.role, 'history.read');
	try {
		// A pledge the viewer may not see is "not found" too, so its existence is not revealed.
		const pledge = await getRecord(ctx, pledgesCollection, idParam(params.id));
		const deliveries = await listRecords(ctx, deliveriesCollection, { pledge: pledge.id });
		const history = canReadHistory ? await recordHistory(ctx.db, ctx.viewer, 'pledges', pledge.id) : null;
		const deliveryHistory = canReadHistory ? Object.fromEntries(await Promise.all(deliveries.map(async (d) => [d.id, await recordHistory(ctx.db, ctx.viewer, 'deliveries', d.id)] as const))) : {};
		return { pledge, deliveries, history, deliveryHistory, canReadHistory };
	} catch (e) {
		if (isAppError(e) && e.code === 'not_found') error(404, { code: 'not_found', message: 'No such pledge, or it is not releasable to you' });
		throw e;
	}
};

export const actions: Actions = supportActions;
