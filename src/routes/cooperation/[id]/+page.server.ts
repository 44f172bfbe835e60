import { allows } from '$lib/domain/identity/roles';
import { milestonesCollection, programmesCollection } from '$lib/server/collections/cooperation';
import { listRecords } from '$lib/server/collections/registry';
import { commandFromForm, field, freshKey, invalid } from '$lib/server/http/forms';
import { readRecordPage } from '$lib/server/http/record-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record: programme, ...rest } = await readRecordPage(event, programmesCollection, 'programme', async (ctx, programme) => ({
		milestones: (await listRecords(ctx, milestonesCollection)).filter((m) => m.programmeId === programme.id)
	}));
	return { programme, ...rest, canManage: allows(event.locals.actor!.role, 'programmes.manage'), formKey: freshKey() };
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
