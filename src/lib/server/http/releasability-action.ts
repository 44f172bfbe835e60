import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actor } from '$lib/domain/identity/actor';
import { statusOf, toErrorBody } from '$lib/domain/core/errors';
import { choiceFromForm, choiceProblem, releasabilityOf } from '$lib/domain/core/releasability-form';
import { getRuntime } from '../runtime';

/**
 * The form action behind ReleasabilityEditor when scripts are off: reads the picker's fields and
 * runs `type` (log-entries.update, violations.update, …) for the record `id` through the one write
 * path. A refusal comes back with the choice, so the form shows it again with the message.
 */
export async function changeReleasability(event: Pick<RequestEvent, 'request'> & { locals: { actor: Actor | null } }, type: string, id: string) {
	const form = await event.request.formData();
	const key = String(form.get('idempotencyKey') ?? '') || null;
	const choice = choiceFromForm(form);
	const problem = choiceProblem(choice);
	if (problem) return fail(400, { error: { code: 'validation' as const, message: 'The input is not valid', fields: { releasableTo: [problem] } }, choice });
	try {
		await (await getRuntime()).execute(event.locals.actor, { type, id: key, payload: { id, releasableTo: releasabilityOf(choice) } });
	} catch (e) {
		const body = toErrorBody(e);
		return fail(statusOf(body), { error: body, choice });
	}
	return { updated: true };
}
