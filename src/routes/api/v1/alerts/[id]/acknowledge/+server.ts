import { json } from '@sveltejs/kit';
import { api, idParam, idempotencyKey } from '$lib/server/http/api';
import { getRuntime } from '$lib/server/runtime';

/** One officer acknowledges for everyone; a second gets 409 naming who was first. */
export const POST = api(async ({ locals, params, request }) => {
	const runtime = await getRuntime();
	const result = await runtime.execute(locals.actor, { type: 'alerts.acknowledge', id: idempotencyKey(request), payload: { id: idParam(params.id) } });
	return json(result.record);
});
