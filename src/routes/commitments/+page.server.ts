import { redirect } from '@sveltejs/kit';
import { choiceFromForm, choiceProblem, releasabilityOf } from '$lib/domain/core/releasability-form';
import { allows } from '$lib/domain/identity/roles';
import { activationsCollection, commitmentsCollection } from '$lib/server/collections/commitments';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { commandFromForm, field, freshKey, invalid } from '$lib/server/http/forms';
import { commitmentsBoard } from '$lib/server/realtime/boards/commitments';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const ctx = await readContext(locals.actor);
	const { role, nation, displayName } = locals.actor;
	return {
		// The picture as the live store will hold it: what the page shows before its snapshot, and without scripts.
		commitments: await listRecords(ctx, commitmentsCollection),
		activations: await listRecords(ctx, activationsCollection),
		kpis: ctx.kpis(commitmentsBoard),
		viewer: { role, nation, displayName },
		can: {
			declare: allows(role, 'activations.manage'),
			manage: allows(role, 'commitments.manage'),
			respond: allows(role, 'commitments.respond'),
			history: allows(role, 'history.read')
		},
		formKey: freshKey()
	};
};

/** Each action reads its form and runs its command through the one write path; permissions are the command's. */
export const actions: Actions = {
	declare: async ({ locals, request }) => {
		const form = await request.formData();
		const values = { scenario: field(form, 'scenario', 2100), exercise: form.has('exercise') ? 'on' : '' };
		return commandFromForm(locals.actor, form, 'declare', 'activations.declare', { scenario: values.scenario, exercise: values.exercise === 'on' }, values);
	},
	confirm: async ({ locals, request }) => {
		const form = await request.formData();
		const id = field(form, 'id', 64);
		return commandFromForm(locals.actor, form, `confirm:${id}`, 'activations.confirm', { id }, { id });
	},
	standDown: async ({ locals, request }) => {
		const form = await request.formData();
		const id = field(form, 'id', 64);
		return commandFromForm(locals.actor, form, `stand-down:${id}`, 'activations.stand-down', { id }, { id });
	},
	respond: async ({ locals, request }) => {
		const form = await request.formData();
		const values = { id: field(form, 'id', 64), status: field(form, 'status', 20), note: field(form, 'note', 2100) };
		const payload = { id: values.id, status: values.status, ...(values.note.trim() && { note: values.note }) };
		return commandFromForm(locals.actor, form, `respond:${values.id}`, 'commitments.respond', payload, values);
	},
	register: async ({ locals, request }) => {
		const form = await request.formData();
		const choice = choiceFromForm(form);
		const values = { nation: field(form, 'nation', 10), type: field(form, 'type', 20), status: field(form, 'status', 20), text: field(form, 'text', 4100), releasability: choice.mode, nations: choice.nations.join(',') };
		const problem = choiceProblem(choice);
		if (problem) return invalid('register', { releasableTo: [problem] }, values);
		const payload = { nation: values.nation, type: values.type, status: values.status, text: values.text, releasableTo: releasabilityOf(choice) };
		return commandFromForm(locals.actor, form, 'register', 'commitments.create', payload, values);
	},
	status: async ({ locals, request }) => {
		const form = await request.formData();
		const values = { id: field(form, 'id', 64), status: field(form, 'status', 20), reason: field(form, 'reason', 2100) };
		return commandFromForm(locals.actor, form, `status:${values.id}`, 'commitments.status', values, values);
	}
};
