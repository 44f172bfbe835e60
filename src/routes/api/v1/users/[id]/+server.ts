import { json } from '@sveltejs/kit';
import { api, idParam, idempotencyKey, permitted, readJsonBody } from '$lib/server/http/api';
import { getUser } from '$lib/server/reads/accounts';
import { getRuntime } from '$lib/server/runtime';

export const GET = api(async ({ locals, params }) => {
	permitted(locals.actor, 'user.manage');
	return json(await getUser((await getRuntime()).database.db, idParam(params.id)));
});

/** `{ role?, nation?, displayName?, disabled?, password? }` — a password here is a reset. */
export const PATCH = api(async ({ locals, params, request }) => {
	const runtime = await getRuntime();
	const body = await readJsonBody(request);
	const payload = { ...(body as object), id: idParam(params.id) };
	const result = await runtime.execute(locals.actor, { type: 'users.update', id: idempotencyKey(request), payload });
	return json(result.record);
});
