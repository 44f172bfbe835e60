import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/identity/actor';
import { api, idempotencyKey, permitted, readJsonBody } from '$lib/server/http/api';
import { listLogEntries } from '$lib/server/reads/log-entries';
import { getRuntime } from '$lib/server/runtime';

export const GET = api(async ({ locals }) => {
	const actor = permitted(locals.actor, 'records.read');
	return json(await listLogEntries((await getRuntime()).database.db, viewerOf(actor)));
});

export const POST = api(async ({ locals, request }) => {
	const runtime = await getRuntime();
	const key = idempotencyKey(request);
	const payload = await readJsonBody(request);
	const result = await runtime.execute(locals.actor, { type: 'log-entries.create', id: key, payload });
	return json(result.record, { status: result.replayed ? 200 : 201, headers: { 'X-Watchfloor-Seq': String(result.seq) } });
});
