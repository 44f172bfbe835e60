import { error, redirect } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/identity/actor';
import { isAppError } from '$lib/domain/core/errors';
import { allows } from '$lib/domain/identity/roles';
import { recordHistory } from '$lib/server/reads/audit';
import { getViolation, listSectors } from '$lib/server/reads/ceasefire';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	// A report the viewer may not see is "not found" too, so its existence is not revealed.
	if (!UUID.test(params.id)) error(404, { code: 'not_found', message: 'No such report' });
	const runtime = await getRuntime();
	const viewer = viewerOf(locals.actor);
	const canReadHistory = allows(locals.actor.role, 'history.read');
	try {
		const report = await getViolation(runtime.database.db, viewer, params.id);
		const sector = report.sectorId ? ((await listSectors(runtime.database.db, viewer)).find((s) => s.id === report.sectorId) ?? null) : null;
		const history = canReadHistory ? await recordHistory(runtime.database.db, viewer, 'violations', params.id) : null;
		return { report, sectorName: sector?.name ?? report.sectorId, history, canReadHistory };
	} catch (e) {
		if (isAppError(e) && e.code === 'not_found') error(404, { code: 'not_found', message: 'No such report, or it is not releasable to you' });
		throw e;
	}
};
