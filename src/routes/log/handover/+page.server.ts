import { error, fail, redirect } from '@sveltejs/kit';
import { draftOpenItems } from '$lib/domain/cell/handover';
import { statusOf, toErrorBody } from '$lib/domain/core/errors';
import { allows } from '$lib/domain/identity/roles';
import { handoversCollection } from '$lib/server/collections/cell';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { openWorkNow } from '$lib/server/reads/handover';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!allows(locals.actor.role, 'handovers.manage')) error(403, { code: 'forbidden', message: 'Shift handovers are the watch officers’' });
	const runtime = await getRuntime();
	return {
		handovers: await listRecords(await readContext(locals.actor), handoversCollection),
		draft: draftOpenItems(await openWorkNow(runtime.database.db)),
		me: locals.actor.displayName,
		myId: locals.actor.id
	};
};

/** Both forms run the ordinary commands: the same checks as the socket and REST. */
export const actions: Actions = {
	handOver: async ({ locals, request }) => {
		const form = await request.formData();
		const summary = String(form.get('summary') ?? '');
		const items = String(form.get('openItems') ?? '');
		const openItems = items.split('\n').map((line) => line.trim()).filter(Boolean);
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'handovers.create', id: String(form.get('idempotencyKey') ?? '') || null, payload: { summary, openItems } });
		} catch (caught) {
			const body = toErrorBody(caught);
			return fail(statusOf(body), { error: body, summary, openItems: items });
		}
		return { handedOver: true };
	},
	acknowledge: async ({ locals, request }) => {
		const form = await request.formData();
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'handovers.acknowledge', id: null, payload: { id: String(form.get('id') ?? '') } });
		} catch (caught) {
			const body = toErrorBody(caught);
			return fail(statusOf(body), { error: body });
		}
		return { acknowledged: true };
	}
};
