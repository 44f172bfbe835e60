import { redirect } from '@sveltejs/kit';
import { choiceFromForm, choiceProblem, releasabilityOf } from '$lib/domain/core/releasability-form';
import { parsePlanText, PROGRAMME_NATIONS_FIELD } from '$lib/domain/cooperation/programme-form';
import { allows } from '$lib/domain/identity/roles';
import { milestonesCollection, programmesCollection } from '$lib/server/collections/cooperation';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { commandFromForm, field, freshKey, invalid } from '$lib/server/http/forms';
import { cooperationBoard } from '$lib/server/realtime/boards/cooperation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const ctx = await readContext(locals.actor);
	return {
		// The picture as the live store will hold it: what the page shows before its snapshot, and without scripts.
		programmes: await listRecords(ctx, programmesCollection),
		milestones: await listRecords(ctx, milestonesCollection),
		kpis: ctx.kpis(cooperationBoard),
		canManage: allows(locals.actor.role, 'programmes.manage'),
		formKey: freshKey()
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const form = await request.formData();
		const choice = choiceFromForm(form);
		const nations = form.getAll(PROGRAMME_NATIONS_FIELD).map((v) => String(v).trim().toUpperCase()).filter(Boolean).slice(0, 100);
		const values = {
			kind: field(form, 'kind', 40),
			title: field(form, 'title', 400),
			instrument: field(form, 'instrument', 100),
			unit: field(form, 'unit', 100),
			plan: field(form, 'plan', 8000),
			programmeNations: nations.join(','),
			releasability: choice.mode,
			nations: choice.nations.join(',')
		};
		const { plan, problems } = parsePlanText(values.plan);
		const releasability = choiceProblem(choice);
		if (problems.length || releasability) return invalid('create', { ...(problems.length && { plan: problems }), ...(releasability && { releasableTo: [releasability] }) }, values);
		const payload = {
			kind: values.kind,
			title: values.title,
			nations,
			instrument: values.instrument.trim() || null,
			unit: values.unit.trim() || null,
			plan,
			releasableTo: releasabilityOf(choice)
		};
		return commandFromForm(locals.actor, form, 'create', 'programmes.create', payload, values);
	}
};
