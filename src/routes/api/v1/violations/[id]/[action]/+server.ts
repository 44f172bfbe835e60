import { json } from '@sveltejs/kit';
import { AppError } from '$lib/domain/core/errors';
import { ACTIONS } from '$lib/domain/ceasefire/violations';
import { api, idParam, idempotencyKey, readJsonBody } from '$lib/server/http/api';
import { getRuntime } from '$lib/server/runtime';

/** A workflow step: `{ reason, expectedStatus?, responsibleParty?, finding? }`; an illegal or stale step is 409. */
export const POST = api(async ({ locals, params, request }) => {
	const action = params.action ?? '';
	if (!(ACTIONS as readonly string[]).includes(action)) throw new AppError('not_found', `No workflow step ${action.slice(0, 40)}`);
	const runtime = await getRuntime();
	const payload = { ...((await readJsonBody(request)) as object), id: idParam(params.id), action };
	const result = await runtime.execute(locals.actor, { type: 'violations.step', id: idempotencyKey(request), payload });
	return json(result.record);
});
