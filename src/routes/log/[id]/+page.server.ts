import { error, redirect } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/identity/actor';
import { allows } from '$lib/domain/identity/roles';
import { isAppError } from '$lib/domain/core/errors';
import { changeReleasability } from '$lib/server/http/releasability-action';
import { logEntriesCollection } from '$lib/server/collections/cell';
import { getRecord } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { recordHistory } from '$lib/server/reads/audit';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	// Not a UUID names nothing; an entry the viewer may not see is "not found" too, so its existence is not revealed.
	if (!UUID.test(params.id)) error(404, { code: 'not_found', message: 'No such log entry' });
	const runtime = await getRuntime();
	const viewer = viewerOf(locals.actor);
	const canReadHistory = allows(locals.actor.role, 'history.read');
	try {
		const entry = await getRecord(await readContext(locals.actor), logEntriesCollection, params.id);
		const history = canReadHistory ? await recordHistory(runtime.database.db, viewer, 'log-entries', params.id) : null;
		return { entry, history, canReadHistory, canChangeReleasability: allows(locals.actor.role, 'log-entries.update') };
	} catch (e) {
		if (isAppError(e) && e.code === 'not_found') error(404, { code: 'not_found', message: 'No such log entry, or it is not releasable to you' });
		throw e;
	}
};

export const actions: Actions = {
	releasability: (event) => changeReleasability(event, 'log-entries.update', event.params.id)
};
