import { fail, redirect } from '@sveltejs/kit';
import { allows } from '$lib/domain/identity/roles';
import { statusOf, toErrorBody } from '$lib/domain/core/errors';
import { choiceFromForm, choiceProblem, releasabilityOf } from '$lib/domain/core/releasability-form';
import { logEntriesCollection } from '$lib/server/collections/cell';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	return {
		entries: await listRecords(await readContext(locals.actor), logEntriesCollection),
		canWrite: allows(locals.actor.role, 'log-entries.create'),
		canChangeReleasability: allows(locals.actor.role, 'log-entries.update'),
		canReadHistory: allows(locals.actor.role, 'history.read'),
		canHandOver: allows(locals.actor.role, 'handovers.manage')
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const form = await request.formData();
		const text = String(form.get('text') ?? '');
		const key = String(form.get('idempotencyKey') ?? '') || null;
		const choice = choiceFromForm(form);
		const problem = choiceProblem(choice);
		if (problem) return fail(400, { error: { code: 'validation' as const, message: 'The input is not valid', fields: { releasableTo: [problem] } }, text, choice });
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'log-entries.create', id: key, payload: { text, releasableTo: releasabilityOf(choice) } });
		} catch (error) {
			const body = toErrorBody(error);
			return fail(statusOf(body), { error: body, text, choice });
		}
		return { created: true };
	}
};
