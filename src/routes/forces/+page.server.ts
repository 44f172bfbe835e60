import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { AppError, isAppError } from '$lib/domain/core/errors';
import { choiceFromForm } from '$lib/domain/core/releasability-form';
import { formFieldErrors, readinessPayload, registerPayload, type ReadinessValues, type RegisterValues } from '$lib/domain/forces/unit-forms';
import type { Unit } from '$lib/domain/forces/units';
import { allows } from '$lib/domain/identity/roles';
import { brigadesCollection, unitsCollection } from '$lib/server/collections/forces';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { field, freshKey, invalid, keyOf, refused } from '$lib/server/http/forms';
import { tileUrlOf } from '$lib/server/http/tile-url';
import { forcesBoard } from '$lib/server/realtime/boards/forces';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const ctx = await readContext(locals.actor);
	const role = locals.actor.role;
	return {
		// The picture until the live snapshot arrives, and all of it without scripts.
		units: await listRecords(ctx, unitsCollection),
		brigades: await listRecords(ctx, brigadesCollection),
		kpis: ctx.kpis(forcesBoard),
		tileUrl: tileUrlOf(env.TILE_URL),
		viewer: { role, nation: locals.actor.nation },
		can: { register: allows(role, 'units.create'), report: allows(role, 'units.readiness') },
		keys: { register: freshKey(), readiness: freshKey() }
	};
};

/** The command's field errors under the form's own field names (`location.lat` is the form's `lat`). */
const asFormErrors = (error: unknown) => (isAppError(error) && error.fields ? new AppError(error.code, error.message, formFieldErrors(error.fields)) : error);

/** Both forms post here without scripts; with them, the same actions answer the enhanced forms. Both run the one write path. */
export const actions: Actions = {
	register: async ({ locals, request }) => {
		const form = await request.formData();
		const values: RegisterValues = {
			name: field(form, 'name'),
			nation: field(form, 'nation', 10),
			domain: field(form, 'domain', 20),
			sidc: field(form, 'sidc', 40),
			mission: field(form, 'mission', 40),
			readiness: field(form, 'readiness', 10),
			noticeToMoveHours: field(form, 'noticeToMoveHours', 20),
			lat: field(form, 'lat', 40),
			lon: field(form, 'lon', 40),
			choice: choiceFromForm(form)
		};
		const parsed = registerPayload(values);
		if (!parsed.payload) return invalid('register', parsed.problems, values);
		try {
			const result = await (await getRuntime()).execute(locals.actor, { type: 'units.create', id: keyOf(form), payload: parsed.payload });
			return { which: 'register' as const, registered: { name: String(result.record?.name ?? values.name) } };
		} catch (error) {
			return refused('register', asFormErrors(error), values);
		}
	},

	readiness: async ({ locals, request }) => {
		const form = await request.formData();
		const values: ReadinessValues = {
			unitId: field(form, 'unitId', 64),
			readiness: field(form, 'readiness', 10),
			noticeToMoveHours: field(form, 'noticeToMoveHours', 20),
			reason: field(form, 'reason', 2100)
		};
		const parsed = readinessPayload(values);
		if (!parsed.payload) return invalid('readiness', parsed.problems, values);
		try {
			const result = await (await getRuntime()).execute(locals.actor, { type: 'units.readiness', id: keyOf(form), payload: parsed.payload });
			// The command answers with the unit as the reporter may see it: the presenter's shape.
			const unit = result.record as unknown as Unit;
			return { which: 'readiness' as const, reported: { name: unit.name, readiness: unit.readiness } };
		} catch (error) {
			return refused('readiness', asFormErrors(error), values);
		}
	}
};
