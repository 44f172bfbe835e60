import { json } from '@sveltejs/kit';
import { api, idempotencyKey, readJsonBody } from '$lib/server/http/api';
import { violationsList } from '$lib/server/http/ceasefire-lists';
import { getRuntime } from '$lib/server/runtime';

export const GET = violationsList('json');

/** A violation report: `{ observedAt, lat, lon, category, source, severity, killed?, wounded?, description, releasableTo? }`. */
export const POST = api(async ({ locals, request }) => {
	const runtime = await getRuntime();
	const payload = await readJsonBody(request);
	const result = await runtime.execute(locals.actor, { type: 'violations.create', id: idempotencyKey(request), payload });
	return json(result.record, { status: result.replayed ? 200 : 201, headers: { 'X-Watchfloor-Seq': String(result.seq) } });
});
