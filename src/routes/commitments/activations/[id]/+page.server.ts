import { error, redirect } from '@sveltejs/kit';
import { isAppError } from '$lib/domain/core/errors';
import { allows } from '$lib/domain/identity/roles';
import { currentAnswer, type DrillAnswerEntry } from '$lib/domain/commitments/report';
import { activationsCollection, commitmentsCollection } from '$lib/server/collections/commitments';
import { getRecord, listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { drillTimeline } from '$lib/server/reads/commitments';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	// An activation the viewer may not see (one awaiting confirmation, for a partner) is "not found", as one that does not exist.
	if (!UUID.test(params.id)) error(404, { code: 'not_found', message: 'No such activation' });
	const ctx = await readContext(locals.actor);
	try {
		const activation = await getRecord(ctx, activationsCollection, params.id);
		const commitments = await listRecords(ctx, commitmentsCollection);
		const canReadHistory = allows(locals.actor.role, 'history.read');
		// Without the right to history, the answers the commitments hold now: a later drill may have replaced them.
		const entries: DrillAnswerEntry[] = canReadHistory
			? await drillTimeline(ctx.db, ctx.viewer, commitments, activation.id)
			: commitments.flatMap((c) => currentAnswer(c, activation.id) ?? []);
		const asked = new Set(entries.map((e) => e.commitmentId));
		const texts = Object.fromEntries(commitments.filter((c) => asked.has(c.id)).map((c) => [c.id, c.text]));
		return { activation, entries, canReadHistory, texts };
	} catch (e) {
		if (isAppError(e) && e.code === 'not_found') error(404, { code: 'not_found', message: 'No such activation, or it is not releasable to you' });
		throw e;
	}
};
