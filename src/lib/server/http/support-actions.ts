import { fail, type RequestEvent } from '@sveltejs/kit';
import type { CommandType } from '$lib/domain/core/commands';
import { statusOf, toErrorBody } from '$lib/domain/core/errors';
import { deliveryFromForm, pledgeFromForm, stepFromForm, type FromForm } from '$lib/domain/support/forms';
import { getRuntime } from '../runtime';
import { keyOf } from './forms';

/**
 * The support pages' forms when scripts are off: each reads its form as the enhanced page does
 * (domain/support/forms.ts) and runs the same command through the one write path. A refusal comes
 * back with the error contract, which form it belongs to (`which`, and the record in `values`) and
 * what was typed, so the page shows it again with each message beside its field.
 */
function formAction<P, F extends string>(which: string, type: CommandType, read: (form: FormData) => FromForm<P, F>) {
	return async ({ locals, request }: Pick<RequestEvent, 'locals' | 'request'>) => {
		const form = await request.formData();
		const parsed = read(form);
		const echo = { which, values: parsed.values, choice: parsed.choice ?? null };
		if (!parsed.ok) return fail(400, { ...echo, error: parsed.error });
		try {
			await (await getRuntime()).execute(locals.actor, { type, id: keyOf(form), payload: parsed.payload });
		} catch (e) {
			const body = toErrorBody(e);
			return fail(statusOf(body), { ...echo, error: body });
		}
		return { which, done: true as const };
	};
}

/** Every support page takes the same three posts: a pledge, a delivery against a pledge, a delivery's step. */
export const supportActions = {
	pledge: formAction('pledge', 'pledges.create', pledgeFromForm),
	delivery: formAction('delivery', 'deliveries.create', deliveryFromForm),
	step: formAction('step', 'deliveries.step', stepFromForm)
};
