import { error, redirect } from '@sveltejs/kit';
import { isAppError } from '$lib/domain/core/errors';
import { allows } from '$lib/domain/identity/roles';
import { milestonesCollection, programmesCollection } from '$lib/server/collections/cooperation';
import { getRecord, listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { commandFromForm, field, freshKey, invalid } from '$lib/server/http/forms';
import { recordHistory } from '$lib/server/reads/audit';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	// A programme the viewer may not see is "not found", as one that does not exist.
	if (!UUID.test(params.id)) error(404, { code: 'not_found', message: 'No such programme' });
	const ctx = await readContext(locals.actor);
	const canReadHistory = allows(locals.actor.role, 'history.read');
	try {
		const programme = await getRecord(ctx, programmesCollection, params.id);
		const milestones = (await listRecords(ctx, milestonesCollection)).filter((m) => m.programmeId === programme.id);
		const history = canReadHistory ? await recordHistory(ctx.db, ctx.viewer, 'programmes', programme.id) : null;
		return { programme, milestones, history, canReadHistory, canManage: allows(locals.actor.role, 'programmes.manage'), formKey: freshKey() };
	} catch (e) {
		if (isAppError(e) && e.code === 'not_found') error(404, { code: 'not_found', message: 'No such programme, or it is not releasable to you' });
		throw e;
	}
};

/** A whole number or a decimal as typed; anything else is left to the form to name. */
const quantityOf = (typed: string): number | null => (typed.trim() !== '' && Number.isFinite(Number(typed)) ? Number(typed) : null);

export const actions: Actions = {
	output: async ({ locals, request, params }) => {
		const form = await request.formData();
		const values = { month: field(form, 'month', 20), quantity: field(form, 'quantity', 30) };
		const quantity = quantityOf(values.quantity);
		if (quantity === null) return invalid('output', { quantity: ['A number, e.g. 18000'] }, values);
		return commandFromForm(locals.actor, form, 'output', 'programmes.output', { id: params.id, month: values.month, quantity }, values);
	},
	milestone: async ({ locals, request, params }) => {
		const form = await request.formData();
		const values = { title: field(form, 'title', 400), dueOn: field(form, 'dueOn', 20) };
		return commandFromForm(locals.actor, form, 'milestone', 'milestones.create', { programmeId: params.id, ...values }, values);
	},
	complete: async ({ locals, request }) => {
		const form = await request.formData();
		const values = { id: field(form, 'id', 64), on: field(form, 'on', 20) };
		return commandFromForm(locals.actor, form, `complete:${values.id}`, 'milestones.complete', { id: values.id, ...(values.on && { on: values.on }) }, values);
	}
};
