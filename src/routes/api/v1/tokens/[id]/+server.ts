import { json } from '@sveltejs/kit';
import { api, idParam, idempotencyKey } from '$lib/server/http/api';
import { getRuntime } from '$lib/server/runtime';

/** Revokes the token: its requests are refused and its live sockets dropped, on every node. */
export const DELETE = api(async ({ locals, params, request }) => {
	const runtime = await getRuntime();
	const payload = { id: idParam(params.id) };
	const result = await runtime.execute(locals.actor, { type: 'tokens.revoke', id: idempotencyKey(request), payload });
	return json(result.record);
});
