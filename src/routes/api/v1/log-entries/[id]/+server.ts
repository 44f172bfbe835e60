import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/identity/actor';
import { api, idParam, idempotencyKey, permitted, readJsonBody } from '$lib/server/http/api';
import { getLogEntry } from '$lib/server/reads/log-entries';
import { getRuntime } from '$lib/server/runtime';

export const GET = api(async ({ locals, params }) => {
	const actor = permitted(locals.actor, 'records.read');
	return json(await getLogEntry((await getRuntime()).database.db, viewerOf(actor), idParam(params.id)));
});

/** `{ releasableTo }`: the one thing about an entry that may change. */
export const PATCH = api(async ({ locals, params, request }) => {
	const runtime = await getRuntime();
	const body = await readJsonBody(request);
	const payload = { ...(body as object), id: idParam(params.id) };
	const result = await runtime.execute(locals.actor, { type: 'log-entries.update', id: idempotencyKey(request), payload });
	return json(result.record);
});
