import { error, redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/core/errors';
import { choiceFromForm, choiceProblem, releasabilityOf } from '$lib/domain/core/releasability-form';
import { allows } from '$lib/domain/identity/roles';
import { pledgeImport } from '$lib/domain/support/kiel-import';
import { csvImportAction } from '$lib/server/http/csv-import';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!allows(locals.actor.role, 'pledges.import')) error(403, { code: 'forbidden', message: 'Importing pledges is for watch officers and administrators' });
	return {};
};

export const actions: Actions = {
	/** The import without scripts: the same check and commit as `POST /api/v1/pledges/import`. */
	default: (event) =>
		csvImportAction(event, {
			action: 'pledges.import',
			importOf(form) {
				const choice = choiceFromForm(form);
				const problem = choiceProblem(choice);
				if (problem) throw new AppError('validation', 'The input is not valid', { releasableTo: [problem] });
				return pledgeImport({ releasableTo: releasabilityOf(choice), exercise: form.get('exercise') === 'true' });
			}
		})
};
