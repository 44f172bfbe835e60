import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/identity/actor';
import { api, idParam, idempotencyKey, permitted, readJsonBody } from '$lib/server/http/api';
import { getViolation } from '$lib/server/reads/ceasefire';
import { getRuntime } from '$lib/server/runtime';

export const GET = api(async ({ locals, params }) => {
	const actor = permitted(locals.actor, 'records.read');
	return json(await getViolation((await getRuntime()).database.db, viewerOf(actor), idParam(params.id)));
});

/** `{ releasableTo }`; the report's alert follows it. */
export const PATCH = api(async ({ locals, params, request }) => {
	const runtime = await getRuntime();
	const payload = { ...((await readJsonBody(request)) as object), id: idParam(params.id) };
	const result = await runtime.execute(locals.actor, { type: 'violations.update', id: idempotencyKey(request), payload });
	return json(result.record);
});
